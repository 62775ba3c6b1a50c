import { packParts, plainReleaseKey, sign, type VersionScheme, VersionError } from './scheme.js';

/** A prerelease label with what comparing it needs, computed once. */
interface Label {
  /** The label's value when it is all digits, else null. */
  number: bigint | null;
  lower: string;
}

interface NuGetVersion {
  numbers: [bigint, bigint, bigint, bigint];
  prerelease: Label[];
}

const NUGET =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function parse(v: string): NuGetVersion | undefined {
  const m = NUGET.exec(v.trim());
  if (m === null) return undefined;
  const n = (s: string | undefined): bigint => BigInt(s ?? '0');
  const labels = m[5]?.split('.') ?? [];
  return { numbers: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], prerelease: labels.map(labelOf) };
}

function labelOf(text: string): Label {
  return { number: /^\d+$/.test(text) ? BigInt(text) : null, lower: text.toLowerCase() };
}

function compareLabel(a: Label, b: Label): number {
  if (a.number !== null && b.number !== null) return sign(Number(a.number - b.number));
  if (a.number !== null) return -1;
  if (b.number !== null) return 1;
  return a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0;
}

function checked(v: string): NuGetVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid NuGet version ${JSON.stringify(v)}`);
  return parsed;
}

function compareParsed(x: NuGetVersion, y: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const p = x.numbers[i] ?? 0n;
    const q = y.numbers[i] ?? 0n;
    if (p !== q) return p < q ? -1 : 1;
  }
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    if (x.prerelease.length === y.prerelease.length) return 0;
    return x.prerelease.length === 0 ? 1 : -1;
  }
  const n = Math.max(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < n; i++) {
    const l = x.prerelease[i];
    const r = y.prerelease[i];
    if (l === undefined) return -1;
    if (r === undefined) return 1;
    const c = compareLabel(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * NuGet versions: up to four numeric parts (missing parts are 0), SemVer 2 prerelease labels compared
 * case-insensitively, build metadata ignored.
 */
/** Releases (no prerelease label) of four moderate numbers, packed. */
function orderKey(v: NuGetVersion): number {
  if (v.prerelease.length > 0) return Number.NaN;
  const [a, b, c, d] = v.numbers;
  const max = 8191n;
  if (a > max || b > max || c > max || d > max) return Number.NaN;
  return packParts(Number(a), Number(b), Number(c), Number(d), true);
}

export const nugetScheme: VersionScheme<NuGetVersion> = {
  name: 'nuget',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => parse(v) !== undefined,
  parse,
  compareParsed,
  orderKey,
  textOrderKey: (v) => plainReleaseKey(v, 0, 1, 4, true, true),
};
