/**
 * A version ordering for one ecosystem. `compare` returns <0, 0 or >0; it may throw on invalid input.
 *
 * `parse` and `compareParsed` (optional, together) let a caller that compares one version many times
 * parse it once: `compareParsed(parse(a), parse(b))` has the sign of `compare(a, b)`, and `parse`
 * returns undefined exactly when `compare` would throw for that version (which is not always the
 * same as `!isValid`: Maven compares any text, but calls text with spaces invalid).
 */
export interface VersionScheme<P = unknown> {
  readonly name: string;
  compare(a: string, b: string): number;
  isValid(v: string): boolean;
  parse?(v: string): P | undefined;
  compareParsed?(a: P, b: P): number;
  /**
   * An order key of a parsed version, for the common shapes only (plain release numbers): for any
   * two versions that both have one, `compareParsed` has the sign of their difference. NaN when the
   * version has none. Lets a matcher compare two numbers instead of two object graphs.
   */
  orderKey?(p: P): number;
  /**
   * `orderKey(parse(v))` read straight from the text when it is a plain release such as `1.2.3`
   * (NaN otherwise, and never a key for a version `parse` refuses): no parse, no allocation.
   */
  textOrderKey?(v: string): number;
}

/**
 * Up to four non-negative integers packed into one exactly representable number in lexicographic
 * order (missing parts count as 0); NaN when a part does not fit its bits (21, 16, 16 and 0 bits:
 * a fourth part must be 0). `wide` packs four parts of 13 bits instead.
 */
export function packParts(a: number, b: number, c: number, d = 0, wide = false): number {
  if (wide) {
    const max = 8191;
    if (a > max || b > max || c > max || d > max) return Number.NaN;
    return ((a * 8192 + b) * 8192 + c) * 8192 + d;
  }
  if (a > 2_097_151 || b > 65_535 || c > 65_535 || d !== 0) return Number.NaN;
  return (a * 65_536 + b) * 65_536 + c;
}

export class VersionError extends Error {
  override name = 'VersionError';
}

export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Character classes by code, without a regular expression per character. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnumCode(c: number): boolean {
  return isDigitCode(c) || isAlphaCode(c);
}

/** a[i..ei) against b[j..ej) in code unit order. */
export function compareRuns(a: string, i: number, ei: number, b: string, j: number, ej: number): number {
  const n = Math.min(ei - i, ej - j);
  for (let k = 0; k < n; k++) {
    const d = a.charCodeAt(i + k) - b.charCodeAt(j + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const la = ei - i;
  const lb = ej - j;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Digit runs numerically: leading zeros skipped, then the longer is larger, else code unit order. */
export function compareDigitRuns(a: string, i: number, ei: number, b: string, j: number, ej: number): number {
  while (i < ei && a.charCodeAt(i) === 48) i++;
  while (j < ej && b.charCodeAt(j) === 48) j++;
  if (ei - i !== ej - j) return ei - i > ej - j ? 1 : -1;
  return compareRuns(a, i, ei, b, j, ej);
}

/**
 * A release (major, minor, patch) and a qualifier packed into one exactly representable number in
 * the scheme's order: 16, 12 and 12 bits of release, then a 3-bit qualifier tier (pre-release kinds
 * below the release's own tier, post-releases above) and a 10-bit number within the tier. NaN when a
 * part does not fit. Lets `1.2.3-rc.1` or `1.2rc1` compare as a number like `1.2.3` does.
 */
export function packQualified(a: number, b: number, c: number, tier: number, n: number): number {
  if (a > 65_535 || b > 4095 || c > 4095 || tier > 7 || n > 1023) return Number.NaN;
  return (((a * 4096 + b) * 4096 + c) * 8 + tier) * 1024 + n;
}

/** The release numbers read by `readRelease` (reused: the text keys allocate nothing). */
const releaseParts = [0, 0, 0, 0];

/**
 * Reads `minParts` to `maxParts` dot-separated decimal numbers from `from` to the end of `v` into
 * `releaseParts` (missing parts 0); false when the text is not of that shape. `leadingZeros`: whether
 * `01` is allowed.
 */
function readRelease(
  v: string,
  from: number,
  minParts: number,
  maxParts: number,
  leadingZeros: boolean,
): boolean {
  releaseParts.fill(0);
  let count = 0;
  let digits = 0;
  let value = 0;
  for (let i = from; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || count === maxParts || digits > 9) return false;
      releaseParts[count++] = value;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0 && !leadingZeros) return false;
      value = value * 10 + (c - 48);
      digits++;
    } else return false;
  }
  return count >= minParts;
}

/**
 * The packed key (see packParts) of a version written as `minParts` to `maxParts` dot-separated
 * decimal numbers from `from` to the end, else NaN. `leadingZeros`: whether `01` is allowed.
 */
export function plainReleaseKey(
  v: string,
  from: number,
  minParts: number,
  maxParts: number,
  leadingZeros: boolean,
  wide: boolean,
): number {
  if (!readRelease(v, from, minParts, maxParts, leadingZeros)) return Number.NaN;
  const [a, b, c, d] = releaseParts as [number, number, number, number];
  return packParts(a, b, c, d, wide);
}

/**
 * `plainReleaseKey` in the qualified layout (see packQualified): a plain release of at most three
 * parts, with the qualifier tier the scheme gives a release (number 0).
 */
export function plainQualifiedKey(
  v: string,
  from: number,
  minParts: number,
  maxParts: number,
  leadingZeros: boolean,
  releaseTier: number,
): number {
  if (maxParts > 3 || !readRelease(v, from, minParts, maxParts, leadingZeros)) return Number.NaN;
  const [a, b, c] = releaseParts as [number, number, number, number];
  return packQualified(a, b, c, releaseTier, 0);
}
