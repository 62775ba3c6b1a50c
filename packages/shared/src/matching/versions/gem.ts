import { type VersionScheme, VersionError } from './scheme.js';

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

function checked(v: string): string {
  if (!GEM.test(v.trim())) throw new VersionError(`invalid RubyGems version ${JSON.stringify(v)}`);
  return v;
}

/** RubyGems Gem::Version ordering: numeric segments, and any letter segment marks a prerelease. */
export const gemScheme: VersionScheme = {
  name: 'gem',
  compare(a, b) {
    const x = segments(checked(a));
    const y = segments(checked(b));
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
  },
  isValid: (v) => GEM.test(v.trim()),
};
