import { sign, type VersionScheme, VersionError } from './scheme.js';

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
function weight(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[0-9]/.test(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternate non-digit runs (by weight) and digit runs (numerically). */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/[0-9]/.test(a.charAt(i))) || (j < b.length && !/[0-9]/.test(b.charAt(j)))) {
      const wa = weight(i < a.length ? a.charAt(i) : undefined);
      const wb = weight(j < b.length ? b.charAt(j) : undefined);
      if (wa !== wb) return sign(wa - wb);
      i++;
      j++;
    }
    while (a.charAt(i) === '0') i++;
    while (b.charAt(j) === '0') j++;
    let firstDiff = 0;
    while (/[0-9]/.test(a.charAt(i)) && /[0-9]/.test(b.charAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (/[0-9]/.test(a.charAt(i))) return 1;
    if (/[0-9]/.test(b.charAt(j))) return -1;
    if (firstDiff !== 0) return sign(firstDiff);
  }
  return 0;
}

function checked(v: string): DebianVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid Debian version ${JSON.stringify(v)}`);
  return parsed;
}

/** Debian package versions `[epoch:]upstream[-revision]` ordered as dpkg does. */
export const debianScheme: VersionScheme = {
  name: 'deb',
  compare(a, b) {
    const x = checked(a);
    const y = checked(b);
    if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
    return compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision);
  },
  isValid: (v) => parse(v) !== undefined,
};
