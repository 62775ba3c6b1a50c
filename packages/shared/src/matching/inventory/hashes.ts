/**
 * Component hashes as SBOMs give them. Algorithm names are brought to CycloneDX's spelling (`SHA-256`,
 * `SHA3-512`, `BLAKE2b-256`), whichever format they came from (SPDX writes `SHA256`), so a hash reads
 * the same across re-uploads in either format; values are lower-case hex of the algorithm's length.
 */
import type { ComponentHash } from '../types.js';

interface Algorithm {
  name: string;
  /** Hex digits of a digest, or null when the algorithm's output length varies (MD6). */
  hexLength: number | null;
}

const ALGORITHMS: readonly Algorithm[] = [
  { name: 'MD2', hexLength: 32 },
  { name: 'MD4', hexLength: 32 },
  { name: 'MD5', hexLength: 32 },
  { name: 'MD6', hexLength: null },
  { name: 'ADLER32', hexLength: 8 },
  { name: 'SHA-1', hexLength: 40 },
  { name: 'SHA-224', hexLength: 56 },
  { name: 'SHA-256', hexLength: 64 },
  { name: 'SHA-384', hexLength: 96 },
  { name: 'SHA-512', hexLength: 128 },
  { name: 'SHA3-224', hexLength: 56 },
  { name: 'SHA3-256', hexLength: 64 },
  { name: 'SHA3-384', hexLength: 96 },
  { name: 'SHA3-512', hexLength: 128 },
  { name: 'BLAKE2b-256', hexLength: 64 },
  { name: 'BLAKE2b-384', hexLength: 96 },
  { name: 'BLAKE2b-512', hexLength: 128 },
  { name: 'BLAKE3', hexLength: 64 },
];

/** `SHA-256`, `sha256`, `SHA256` and `Sha-256` all look up the same algorithm. */
function lookupKey(name: string): string {
  return name.toUpperCase().replaceAll('-', '').replaceAll('_', '');
}

const BY_KEY = new Map(ALGORITHMS.map((algorithm) => [lookupKey(algorithm.name), algorithm]));
/** The exact spellings first: most SBOMs use them, and the lookup runs once per hash of a million. */
const BY_NAME = new Map(ALGORITHMS.map((algorithm) => [algorithm.name, algorithm]));
const HEX = /^[0-9a-fA-F]+$/;

export type HashCheck =
  { ok: true; hash: ComponentHash } | { ok: false; severity: 'error' | 'warning'; reason: string };

/**
 * Checks one hash. An unknown algorithm is a warning (the hash is dropped: it cannot be compared with
 * anything); a value that is not hex of the right length is an error, as the SBOM is then broken.
 */
export function checkHash(alg: string, value: string): HashCheck {
  const algorithm = BY_NAME.get(alg) ?? BY_KEY.get(lookupKey(alg.trim()));
  if (algorithm === undefined)
    return { ok: false, severity: 'warning', reason: `unknown hash algorithm "${alg}"; the hash is ignored` };
  const hex = value.trim();
  if (!HEX.test(hex))
    return { ok: false, severity: 'error', reason: `the ${algorithm.name} value is not hexadecimal` };
  if (algorithm.hexLength !== null ? hex.length !== algorithm.hexLength : hex.length % 2 !== 0) {
    const expected = algorithm.hexLength === null ? 'an even number of' : String(algorithm.hexLength);
    return {
      ok: false,
      severity: 'error',
      reason: `a ${algorithm.name} value has ${expected} hex digits, this one ${String(hex.length)}`,
    };
  }
  return { ok: true, hash: { alg: algorithm.name, value: hex.toLowerCase() } };
}

const SRI_ALGORITHMS: Record<string, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/**
 * The hashes of a Subresource Integrity string as npm's lockfile writes them (`sha512-<base64>`,
 * several separated by spaces). Unreadable entries are skipped: `integrity` is npm's business and an
 * odd one must not refuse an otherwise good lockfile.
 */
export function hashesFromIntegrity(integrity: string): ComponentHash[] {
  const hashes: ComponentHash[] = [];
  for (const entry of integrity.split(/\s+/)) {
    const dash = entry.indexOf('-');
    const alg = SRI_ALGORITHMS[entry.slice(0, dash).toLowerCase()];
    if (dash < 0 || alg === undefined) continue;
    let bytes: string;
    try {
      bytes = atob(entry.slice(dash + 1).split('?')[0] ?? '');
    } catch {
      continue;
    }
    let hex = '';
    for (let i = 0; i < bytes.length; i++) hex += bytes.charCodeAt(i).toString(16).padStart(2, '0');
    const checked = checkHash(alg, hex);
    if (checked.ok) hashes.push(checked.hash);
  }
  return hashes;
}
