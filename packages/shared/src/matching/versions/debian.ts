import { isAlphaCode, isDigitCode, sign, type VersionScheme, VersionError } from './scheme.js';

interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const UPSTREAM = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

function parse(v: string): DebianVersion | undefined {
  let rest = v;
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!/^[0-9]+$/.test(e)) return undefined;
    epoch = Number(e);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (!UPSTREAM.test(upstream) || (dash >= 0 && !REVISION.test(revision))) return undefined;
  if (upstream.includes(':')) return undefined;
  return { epoch, upstream, revision };
}

/** dpkg character weight: '~' sorts before everything, even the end; letters before other symbols. */
function weight(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c === 126) return -1; // '~'
  if (isDigitCode(c)) return 0;
  if (isAlphaCode(c)) return c;
  return c + 256;
}

const digitAt = (s: string, i: number): boolean => i < s.length && isDigitCode(s.charCodeAt(i));

/** dpkg's verrevcmp: alternate non-digit runs (by weight) and digit runs (numerically). */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !digitAt(a, i)) || (j < b.length && !digitAt(b, j))) {
      const wa = weight(a, i);
      const wb = weight(b, j);
      if (wa !== wb) return sign(wa - wb);
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    let firstDiff = 0;
    while (digitAt(a, i) && digitAt(b, j)) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (digitAt(a, i)) return 1;
    if (digitAt(b, j)) return -1;
    if (firstDiff !== 0) return sign(firstDiff);
  }
  return 0;
}

function compareParsed(x: DebianVersion, y: DebianVersion): number {
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  return compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision);
}

function checked(v: string): DebianVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid Debian version ${JSON.stringify(v)}`);
  return parsed;
}

/** Debian package versions `[epoch:]upstream[-revision]` ordered as dpkg does. */
export const debianScheme: VersionScheme<DebianVersion> = {
  name: 'deb',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => parse(v) !== undefined,
  parse,
  compareParsed,
};
