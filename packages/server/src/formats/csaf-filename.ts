/**
 * The file name of a CSAF 2.0 document (section 5.1, Filename), derived from `/document/tracking/id`:
 *
 * 1. the tracking id is converted into lower case;
 * 2. each run of characters other than `a`–`z`, `0`–`9`, `+` and `-` becomes a single `_` (the
 *    underscore itself included, so `2022_#01-A` gives `2022_01-a`, never `2022__01-a`);
 * 3. `.json` is appended.
 *
 * A trusted provider serves each document under this name (requirement 2 of section 7.1).
 */

/** Lower case ASCII letters, digits, `+` and `-` are kept; every other run of characters becomes `_`. */
const REPLACED = /[^+\-a-z0-9]+/g;

/** The file name for a document with this tracking id, such as `RHSA-2019:1862` → `rhsa-2019_1862.json`. */
export function csafFilename(trackingId: string): string {
  // The schema requires a tracking id with at least one character that is not white space.
  if (trackingId.trim() === '') throw new RangeError('A CSAF tracking id is never empty or blank.');
  // Lower case first: the character rule applies to the lower-cased id.
  return `${trackingId.toLowerCase().replace(REPLACED, '_')}.json`;
}

/** Whether `name` (a file name, without directories) is the one section 5.1 gives for this tracking id. */
export function isValidCsafFilename(name: string, trackingId: string): boolean {
  return trackingId.trim() !== '' && name === csafFilename(trackingId);
}
