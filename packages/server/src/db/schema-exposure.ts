/** Tables of the exposure module (inventories, components, affect rules, exposures). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the exposure module
export interface ExposureTables {}
