import semver from 'semver';
import { packQualified, plainQualifiedKey, type VersionScheme, VersionError } from './scheme.js';

function strict(v: string): semver.SemVer {
  const parsed = semver.parse(v);
  if (parsed === null) throw new VersionError(`invalid semantic version ${JSON.stringify(v)}`);
  return parsed;
}

/**
 * A SemVer version reduced to what ordering needs (a `semver.SemVer` carries several strings and
 * arrays; half a million bounds of it weigh on memory and on the collector).
 */
export interface SemverParts {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (numbers where numeric and safe), or null for a release. */
  pre: readonly (string | number)[] | null;
}

/**
 * SemVer 2.0 as the `semver` package reads it in strict mode: an optional leading `v`, surrounding
 * white space trimmed, at most 256 characters, numbers no larger than Number.MAX_SAFE_INTEGER.
 */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)?$/;
const MAX_LENGTH = 256;
const NUMERIC = /^[0-9]+$/;

/** Parses like `semver.parse` (strict) without building a SemVer object; undefined when invalid. */
export function parseSemverParts(v: string): SemverParts | undefined {
  if (v.length > MAX_LENGTH) return undefined;
  const m = SEMVER.exec(v.trim());
  if (m === null) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3]);
  const max = Number.MAX_SAFE_INTEGER;
  if (major > max || minor > max || patch > max) return undefined;
  const preText = m[4];
  let pre: (string | number)[] | null = null;
  if (preText !== undefined) {
    pre = preText.split('.').map((id) => {
      if (!NUMERIC.test(id)) return id;
      const n = Number(id);
      return n < max ? n : id;
    });
  }
  return { major, minor, patch, pre };
}

function cmpNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer 2.0 §11: numeric identifiers numerically and below alphanumeric ones, which compare in ASCII. */
function compareIdentifiers(a: string | number, b: string | number): number {
  const an = typeof a === 'number' || NUMERIC.test(a);
  const bn = typeof b === 'number' || NUMERIC.test(b);
  if (an && bn) return cmpNumbers(Number(a), Number(b));
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer 2.0 precedence (build metadata ignored); a release sorts above its pre-releases. */
export function compareSemverParts(a: SemverParts, b: SemverParts): number {
  const c = cmpNumbers(a.major, b.major) || cmpNumbers(a.minor, b.minor) || cmpNumbers(a.patch, b.patch);
  if (c !== 0) return c;
  if (a.pre === null || b.pre === null) return a.pre === b.pre ? 0 : a.pre === null ? 1 : -1;
  const n = Math.max(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
    if (x !== y) return compareIdentifiers(x, y);
  }
  return 0;
}

/**
 * Common first pre-release identifiers in ASCII order, which is their SemVer order: a pre-release
 * `<identifier>` or `<identifier>.<n>` gets an order key below the release's (tier RELEASE_TIER).
 */
const PRE_RELEASE_TIERS: ReadonlyMap<string, number> = new Map(
  ['alpha', 'beta', 'dev', 'next', 'pre', 'preview', 'rc'].map((id, tier) => [id, tier]),
);
const RELEASE_TIER = PRE_RELEASE_TIERS.size;

/**
 * Releases and common pre-releases (`-rc`, `-beta.2`: a known identifier, then at most one number)
 * of moderate numbers, packed with packQualified: `x-id` < `x-id.0` < `x-id.1` < the next id < `x`.
 */
export function semverOrderKey(v: SemverParts): number {
  const pre = v.pre;
  if (pre === null) return packQualified(v.major, v.minor, v.patch, RELEASE_TIER, 0);
  if (pre.length > 2) return Number.NaN;
  const tier = PRE_RELEASE_TIERS.get(pre[0] as string);
  if (tier === undefined) return Number.NaN;
  const n = pre[1];
  if (n === undefined) return packQualified(v.major, v.minor, v.patch, tier, 0);
  return typeof n === 'number' ? packQualified(v.major, v.minor, v.patch, tier, n + 1) : Number.NaN;
}

/** semverOrderKey of a plain release read from its text (after `from`, to skip a `v`); else NaN. */
export function semverTextOrderKey(v: string, from: number): number {
  return plainQualifiedKey(v, from, 3, 3, false, RELEASE_TIER);
}

/**
 * Semantic Versioning 2.0 (npm, crates.io); build metadata is ignored in ordering. `compare` is the
 * `semver` package's; `parse`/`compareParsed` are our own reading of it, held to it by tests.
 */
export const semverScheme: VersionScheme<SemverParts> = {
  name: 'semver',
  compare: (a, b) => semver.compare(strict(a), strict(b)),
  isValid: (v) => semver.parse(v) !== null,
  parse: parseSemverParts,
  compareParsed: compareSemverParts,
  orderKey: semverOrderKey,
  textOrderKey: (v) => semverTextOrderKey(v, 0),
};

/** Go module versions: `v` + semver; `+incompatible` is build metadata and ignored in ordering. */
function goVersion(v: string): semver.SemVer {
  if (!v.startsWith('v')) throw new VersionError(`Go version ${JSON.stringify(v)} lacks the v prefix`);
  return strict(v.slice(1));
}

export const goScheme: VersionScheme<SemverParts> = {
  name: 'golang',
  compare: (a, b) => semver.compare(goVersion(a), goVersion(b)),
  isValid: (v) => v.startsWith('v') && semver.parse(v.slice(1)) !== null,
  parse: (v) => (v.startsWith('v') ? parseSemverParts(v.slice(1)) : undefined),
  compareParsed: compareSemverParts,
  orderKey: semverOrderKey,
  textOrderKey: (v) => (v.startsWith('v') ? semverTextOrderKey(v, 1) : Number.NaN),
};
