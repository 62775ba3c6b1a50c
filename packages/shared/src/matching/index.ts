/**
 * Pure matching primitives shared by the server, the CLI (offline scans) and the benchmarks: version
 * orderings, purl, vers, OSV packages and evaluation. Imported as `@clearinghouse/shared/matching` so the
 * web bundle, which imports only the package root, never pulls them in.
 */
export * from './versions/index.js';
export * from './vers.js';
export * from './vers-native.js';
export * from './purl.js';
export * from './cpe.js';
export * from './osv-package.js';
export * from './osv-types.js';
export * from './osv-match.js';
export * from './types.js';
export * from './match-keys.js';
export * from './rules.js';
export * from './matcher.js';
export * from './inventory/index.js';
