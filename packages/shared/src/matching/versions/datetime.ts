import { sign, type VersionScheme, VersionError } from './scheme.js';

/** RFC 3339 timestamps with upper-case T and Z, as the vers `datetime` scheme requires. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, plus the sub-millisecond fraction for exact ordering. */
function instant(v: string): [number, number] {
  const m = RFC3339.exec(v);
  const ms = m === null ? Number.NaN : Date.parse(v);
  if (m === null || Number.isNaN(ms))
    throw new VersionError(`invalid RFC 3339 timestamp ${JSON.stringify(v)}`);
  const fraction = (m[7] ?? '.0').slice(1).padEnd(9, '0');
  return [ms, Number(fraction.slice(3))];
}

function compareInstants([ma, na]: [number, number], [mb, nb]: [number, number]): number {
  return ma !== mb ? sign(ma - mb) : sign(na - nb);
}

export const datetimeScheme: VersionScheme<[number, number]> = {
  name: 'datetime',
  compare: (a, b) => compareInstants(instant(a), instant(b)),
  parse(v) {
    try {
      return instant(v);
    } catch {
      return undefined;
    }
  },
  compareParsed: compareInstants,
  isValid(v) {
    try {
      instant(v);
      return true;
    } catch {
      return false;
    }
  },
};

/** The vers `lexicographic` scheme: plain UTF-8 byte order. */
export const lexicographicScheme: VersionScheme<Buffer> = {
  name: 'lexicographic',
  compare: (a, b) => sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))),
  isValid: (v) => v.length > 0,
  parse: (v) => Buffer.from(v, 'utf8'),
  compareParsed: (a, b) => sign(Buffer.compare(a, b)),
};
