import { packParts, plainReleaseKey, type VersionScheme, VersionError } from './scheme.js';

const GEM = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

type Segment = number | string;

/** Gem::Version segments: a '-' means ".pre."; runs of digits and letters become separate segments. */
function segments(v: string): Segment[] {
  const s = v.trim().replaceAll('-', '.pre.');
  const parts = s.match(/[0-9]+|[a-z]+/gi) ?? [];
  const segs: Segment[] = parts.map((p) => (/^[0-9]/.test(p) ? Number(p) : p));
  // Canonical form: trailing zeros of the release part and of the prerelease part are dropped.
  const firstString = segs.findIndex((x) => typeof x === 'string');
  const release = firstString === -1 ? segs : segs.slice(0, firstString);
  const pre = firstString === -1 ? [] : segs.slice(firstString);
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  while (pre.length > 0 && pre[pre.length - 1] === 0) pre.pop();
  return [...release, ...pre];
}

function parse(v: string): Segment[] | undefined {
  return GEM.test(v.trim()) ? segments(v) : undefined;
}

function checked(v: string): Segment[] {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid RubyGems version ${JSON.stringify(v)}`);
  return parsed;
}

function compareParsed(x: Segment[], y: Segment[]): number {
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const l = x[i] ?? 0;
    const r = y[i] ?? 0;
    if (l === r) continue;
    if (typeof l === 'string' && typeof r === 'number') return -1;
    if (typeof l === 'number' && typeof r === 'string') return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** RubyGems Gem::Version ordering: numeric segments, and any letter segment marks a prerelease. */
/** Releases (numeric segments only, at most four) of moderate numbers, packed (1.2 = 1.2.0). */
function orderKey(v: Segment[]): number {
  if (v.length > 4) return Number.NaN;
  const parts: number[] = [];
  for (const s of v) {
    if (typeof s !== 'number') return Number.NaN;
    parts.push(s);
  }
  return packParts(parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 0, true);
}

export const gemScheme: VersionScheme<Segment[]> = {
  name: 'gem',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => GEM.test(v.trim()),
  parse,
  compareParsed,
  orderKey,
  textOrderKey: (v) => plainReleaseKey(v, 0, 1, 4, true, true),
};
