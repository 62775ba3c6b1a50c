import { sign, type VersionScheme, VersionError } from './scheme.js';

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isDigit = (c: string): boolean => /^[0-9]$/.test(c);
const isAlpha = (c: string): boolean => /^[A-Za-z]$/.test(c);

/**
 * pacman's variant of rpmvercmp: no '~' or '^'; a longer separator run is newer; and a remaining
 * letter run never beats the end of the other string ("1.0rc" < "1.0").
 */
function alpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const si = i;
    const sj = j;
    while (i < a.length && !isAlnum(a.charAt(i))) i++;
    while (j < b.length && !isAlnum(b.charAt(j))) j++;
    if (i >= a.length || j >= b.length) break;
    if (i - si !== j - sj) return i - si < j - sj ? -1 : 1;
    const numeric = isDigit(a.charAt(i));
    const test = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && test(a.charAt(ei))) ei++;
    while (ej < b.length && test(b.charAt(ej))) ej++;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (sb.length === 0) return numeric ? 1 : -1;
    if (numeric) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  if ((i >= a.length && !isAlpha(b.charAt(j))) || isAlpha(a.charAt(i))) return -1;
  return 1;
}

interface Evr {
  epoch: number;
  version: string;
  release: string | undefined;
}

function parse(v: string): Evr | undefined {
  const m = /^(?:(\d+):)?([^:]+?)(?:-([^:-]+))?$/.exec(v);
  if (m === null) return undefined;
  return { epoch: Number(m[1] ?? '0'), version: m[2] ?? '', release: m[3] };
}

function checked(v: string): Evr {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid Arch Linux version ${JSON.stringify(v)}`);
  return parsed;
}

/** Arch Linux (pacman) `[epoch:]version[-release]`; the release is compared only when both have one. */
export const alpmScheme: VersionScheme = {
  name: 'alpm',
  compare(a, b) {
    const x = checked(a);
    const y = checked(b);
    if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
    const v = alpmvercmp(x.version, y.version);
    if (v !== 0 || x.release === undefined || y.release === undefined) return v;
    return alpmvercmp(x.release, y.release);
  },
  isValid: (v) => parse(v) !== undefined,
};
