import { sign, type VersionScheme, VersionError } from './scheme.js';

const GENTOO = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|p)\d*)*)(?:-r(\d+))?$/;

/** Suffix ranks; a version without a further suffix ranks between `_rc` and `_p`. */
const SUFFIX_RANK: Readonly<Record<string, number>> = { alpha: 0, beta: 1, pre: 2, rc: 3, p: 5 };
const NO_SUFFIX_RANK = 4;

interface Suffix {
  rank: number;
  number: bigint;
}

interface GentooVersion {
  numbers: string[];
  letter: string;
  suffixes: Suffix[];
  revision: bigint;
}

function parse(v: string): GentooVersion | undefined {
  const m = GENTOO.exec(v);
  if (m === null) return undefined;
  const suffixes = [...(m[3] ?? '').matchAll(/_([a-z]+)(\d*)/g)].map(([, name = '', n = '']): Suffix => ({
    rank: SUFFIX_RANK[name] ?? NO_SUFFIX_RANK,
    number: BigInt(n || '0'),
  }));
  return {
    numbers: (m[1] ?? '').split('.'),
    letter: m[2] ?? '',
    suffixes,
    revision: BigInt(m[4] ?? '0'),
  };
}

function compareBig(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * Numeric components (PMS 3.3): the first as an integer; a later one with a leading zero on either side
 * as a decimal fraction (trailing zeros stripped, then compared as text), otherwise as integers; with
 * all shared components equal, more components is newer.
 */
function compareNumbers(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? '0';
    const y = b[i] ?? '0';
    let c: number;
    if (i > 0 && (x.startsWith('0') || y.startsWith('0'))) {
      const fx = x.replace(/0+$/, '');
      const fy = y.replace(/0+$/, '');
      c = fx === fy ? 0 : fx < fy ? -1 : 1;
    } else {
      c = compareBig(BigInt(x), BigInt(y));
    }
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

function compareSuffixes(a: readonly Suffix[], b: readonly Suffix[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    // One ran out: it is older than a further `_p`, newer than a further pre-release suffix.
    const rx = x?.rank ?? NO_SUFFIX_RANK;
    const ry = y?.rank ?? NO_SUFFIX_RANK;
    if (rx !== ry) return rx < ry ? -1 : 1;
    const c = compareBig(x?.number ?? 0n, y?.number ?? 0n);
    if (c !== 0) return c;
  }
  return 0;
}

function compareParsed(a: GentooVersion, b: GentooVersion): number {
  return (
    compareNumbers(a.numbers, b.numbers) ||
    (a.letter === b.letter ? 0 : a.letter < b.letter ? -1 : 1) ||
    compareSuffixes(a.suffixes, b.suffixes) ||
    compareBig(a.revision, b.revision)
  );
}

function checked(v: string): GentooVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid Gentoo version ${JSON.stringify(v)}`);
  return parsed;
}

/**
 * Gentoo ebuild versions as the Package Manager Specification orders them:
 * `1.2.3[a][_alpha|_beta|_pre|_rc|_p[N]…][-rN]`.
 */
export const gentooScheme: VersionScheme<GentooVersion> = {
  name: 'gentoo',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => GENTOO.test(v),
  parse,
  compareParsed,
};
