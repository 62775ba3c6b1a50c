import { sign, type VersionScheme, VersionError } from './scheme.js';

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isDigit = (c: string): boolean => /^[0-9]$/.test(c);
const isAlpha = (c: string): boolean => /^[A-Za-z]$/.test(c);

/** rpmvercmp: alphanumeric segments, numbers beat letters, '~' sorts before anything, '^' after the end. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a.charAt(i)) && a.charAt(i) !== '~' && a.charAt(i) !== '^') i++;
    while (j < b.length && !isAlnum(b.charAt(j)) && b.charAt(j) !== '~' && b.charAt(j) !== '^') j++;
    const ca = a.charAt(i);
    const cb = b.charAt(j);
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(ca);
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
  return i >= a.length ? -1 : 1;
}

interface Evr {
  epoch: number;
  version: string;
  release: string;
}

function parse(v: string): Evr | undefined {
  const m = /^(?:(\d+):)?([^:-]+)(?:-([^:-]+))?$/.exec(v);
  if (m === null) return undefined;
  return { epoch: Number(m[1] ?? '0'), version: m[2] ?? '', release: m[3] ?? '' };
}

function checked(v: string): Evr {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid RPM version ${JSON.stringify(v)}`);
  return parsed;
}

/** RPM `[epoch:]version[-release]`; a missing release compares equal to any release (as rpm does). */
export const rpmScheme: VersionScheme = {
  name: 'rpm',
  compare(a, b) {
    const x = checked(a);
    const y = checked(b);
    if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
    const v = rpmvercmp(x.version, y.version);
    if (v !== 0 || x.release === '' || y.release === '') return v;
    return rpmvercmp(x.release, y.release);
  },
  isValid: (v) => parse(v) !== undefined,
};
