import { sign, type VersionScheme, VersionError } from './scheme.js';

interface NuGetVersion {
  numbers: [bigint, bigint, bigint, bigint];
  prerelease: string[];
}

const NUGET =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function parse(v: string): NuGetVersion | undefined {
  const m = NUGET.exec(v.trim());
  if (m === null) return undefined;
  const n = (s: string | undefined): bigint => BigInt(s ?? '0');
  return { numbers: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], prerelease: m[5]?.split('.') ?? [] };
}

function compareLabel(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return sign(Number(BigInt(a) - BigInt(b)));
  if (an) return -1;
  if (bn) return 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function checked(v: string): NuGetVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid NuGet version ${JSON.stringify(v)}`);
  return parsed;
}

/**
 * NuGet versions: up to four numeric parts (missing parts are 0), SemVer 2 prerelease labels compared
 * case-insensitively, build metadata ignored.
 */
export const nugetScheme: VersionScheme = {
  name: 'nuget',
  compare(a, b) {
    const x = checked(a);
    const y = checked(b);
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
  },
  isValid: (v) => parse(v) !== undefined,
};
