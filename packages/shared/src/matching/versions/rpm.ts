import {
  compareDigitRuns,
  compareRuns,
  isAlnumCode,
  isAlphaCode,
  isDigitCode,
  sign,
  type VersionScheme,
  VersionError,
} from './scheme.js';

const TILDE = 126;
const CARET = 94;

/** rpmvercmp: alphanumeric segments, numbers beat letters, '~' sorts before anything, '^' after the end. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;
    const ca = a.charCodeAt(i); // NaN at the end
    const cb = b.charCodeAt(j);
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigitCode(ca);
    const test = numeric ? isDigitCode : isAlphaCode;
    let ei = i;
    let ej = j;
    while (ei < a.length && test(a.charCodeAt(ei))) ei++;
    while (ej < b.length && test(b.charCodeAt(ej))) ej++;
    if (ej === j) return numeric ? 1 : -1;
    const c = numeric ? compareDigitRuns(a, i, ei, b, j, ej) : compareRuns(a, i, ei, b, j, ej);
    if (c !== 0) return c;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Characters rpmvercmp skips: neither alphanumeric nor '~' / '^'. */
function isSeparator(c: number): boolean {
  return !isAlnumCode(c) && c !== TILDE && c !== CARET;
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

function compareParsed(x: Evr, y: Evr): number {
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0 || x.release === '' || y.release === '') return v;
  return rpmvercmp(x.release, y.release);
}

/** RPM `[epoch:]version[-release]`; a missing release compares equal to any release (as rpm does). */
export const rpmScheme: VersionScheme<Evr> = {
  name: 'rpm',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => parse(v) !== undefined,
  parse,
  compareParsed,
};
