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
    while (i < a.length && !isAlnumCode(a.charCodeAt(i))) i++;
    while (j < b.length && !isAlnumCode(b.charCodeAt(j))) j++;
    if (i >= a.length || j >= b.length) break;
    if (i - si !== j - sj) return i - si < j - sj ? -1 : 1;
    const numeric = isDigitCode(a.charCodeAt(i));
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
  if ((i >= a.length && !isAlphaCode(b.charCodeAt(j))) || isAlphaCode(a.charCodeAt(i))) return -1;
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

function compareParsed(x: Evr, y: Evr): number {
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  const v = alpmvercmp(x.version, y.version);
  if (v !== 0 || x.release === undefined || y.release === undefined) return v;
  return alpmvercmp(x.release, y.release);
}

/** Arch Linux (pacman) `[epoch:]version[-release]`; the release is compared only when both have one. */
export const alpmScheme: VersionScheme<Evr> = {
  name: 'alpm',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => parse(v) !== undefined,
  parse,
  compareParsed,
};
