export * from './ids.js';
export * from './errors.js';
export * from './tlp.js';
export * from './page.js';
export * from './identity.js';
export * from './audit.js';
export * from './zod-config.js';
