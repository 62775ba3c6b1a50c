/**
 * Version range specifiers (vers-spec): `vers:<scheme>/<constraint>|<constraint>…`, where a constraint
 * is an optional comparator (=, !=, <, <=, >, >=) and a percent-encoded version, or the lone `*`.
 * Containment uses the ecosystem's own ordering from `versions/`.
 */
import { findVersionScheme, type VersionScheme } from './versions/index.js';

export type VersComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface VersConstraint {
  comparator: VersComparator;
  /** The decoded version. */
  version: string;
}

export interface Vers {
  /** Lower-case scheme, usually a purl type (npm, pypi, maven…). */
  scheme: string;
  /** `'*'` for every version of the package. */
  constraints: readonly VersConstraint[] | '*';
}

export class VersError extends Error {
  override name = 'VersError';
}

export interface ParseVersOptions {
  /**
   * Canonical input only: no whitespace, no empty constraints, constraints sorted by version, canonical
   * percent-encoding. Without it, whitespace and empty constraints are dropped and constraints sorted.
   */
  strict?: boolean;
}

const COMPARATORS: readonly VersComparator[] = ['>=', '<=', '!=', '<', '>', '='];

/** Characters a canonical version keeps literal; anything else is percent-encoded. */
const LITERAL = /^[A-Za-z0-9.\-_~:+!*'(),;=@]$/;

function encodeVersion(version: string): string {
  let out = '';
  for (const ch of version) {
    out += LITERAL.test(ch)
      ? ch
      : Array.from(
          new TextEncoder().encode(ch),
          (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
        ).join('');
  }
  return out;
}

function decodeVersion(raw: string, strict: boolean): string {
  for (const m of raw.matchAll(/%(.{0,2})/g)) {
    const hex = m[1] ?? '';
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new VersError(`invalid percent-encoding in version ${raw}`);
    if (strict && hex !== hex.toUpperCase()) {
      throw new VersError(`percent-encoding in version ${raw} is not canonical`);
    }
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new VersError(`invalid percent-encoding in version ${raw}`);
  }
  if (strict && encodeVersion(decoded) !== raw) {
    throw new VersError(`percent-encoding in version ${raw} is not canonical`);
  }
  return decoded;
}

function parseConstraint(raw: string, strict: boolean): VersConstraint {
  const comparator = COMPARATORS.find((c) => raw.startsWith(c));
  const encoded = comparator === undefined ? raw : raw.slice(comparator.length);
  if (encoded === '') throw new VersError(`constraint ${JSON.stringify(raw)} has no version`);
  return { comparator: comparator ?? '=', version: decodeVersion(encoded, strict) };
}

function compareWith(
  scheme: VersionScheme | undefined,
  schemeName: string,
): (a: string, b: string) => number {
  if (scheme === undefined) throw new VersError(`no version ordering for vers scheme ${schemeName}`);
  return (a, b) => scheme.compare(a, b);
}

/** Parses a `vers:` string. Throws `VersError`. */
export function parseVers(input: string, options: ParseVersOptions = {}): Vers {
  const strict = options.strict ?? false;
  if (strict && /\s/.test(input)) throw new VersError('whitespace is not permitted in a canonical vers');
  const text = strict ? input : input.replace(/\s+/g, '');
  const m = /^vers:([A-Za-z0-9.+-]+)\/(.*)$/s.exec(text);
  if (m === null) throw new VersError(`not a vers string: ${JSON.stringify(input)}`);
  const schemeRaw = m[1] ?? '';
  const body = m[2] ?? '';
  if (strict && schemeRaw !== schemeRaw.toLowerCase())
    throw new VersError('the vers scheme must be lower case');
  const scheme = schemeRaw.toLowerCase();
  if (body === '*') return { scheme, constraints: '*' };
  const parts = body.split('|');
  if (strict) {
    if (parts[0] === '') throw new VersError('leading pipe is not permitted');
    if (parts.at(-1) === '') throw new VersError('trailing pipe is not permitted');
    if (parts.includes('')) throw new VersError('consecutive pipes are not permitted');
  }
  const constraints = parts.filter((p) => p !== '').map((p) => parseConstraint(p, strict));
  if (constraints.length === 0) throw new VersError('a vers needs at least one constraint');
  if (scheme === 'datetime') {
    const bad = constraints.find((c) => !findVersionScheme('datetime')?.isValid(c.version));
    if (bad !== undefined)
      throw new VersError(`datetime ${bad.version} must be RFC 3339 with upper-case T and Z`);
  }
  const ordering = findVersionScheme(scheme);
  // Without an ordering for the scheme, constraints are kept as written (and cannot be tested).
  if (constraints.length > 1 && ordering !== undefined) {
    const cmp = compareWith(ordering, scheme);
    if (strict) {
      for (let i = 1; i < constraints.length; i++) {
        const prev = constraints[i - 1];
        const cur = constraints[i];
        if (prev !== undefined && cur !== undefined && cmp(prev.version, cur.version) > 0) {
          throw new VersError('constraints are not sorted by version');
        }
      }
    } else {
      constraints.sort((a, b) => cmp(a.version, b.version));
    }
  }
  return { scheme, constraints };
}

/** The canonical string of a parsed range (constraints are written in the given order). */
export function stringifyVers(vers: Vers): string {
  const body =
    vers.constraints === '*'
      ? '*'
      : vers.constraints
          .map((c) => (c.comparator === '=' ? '' : c.comparator) + encodeVersion(c.version))
          .join('|');
  return `vers:${vers.scheme}/${body}`;
}

/** Parses leniently and returns the canonical string. Throws `VersError`. */
export function normalizeVers(input: string): string {
  return stringifyVers(parseVers(input));
}

function satisfies(cmp: number, comparator: VersComparator): boolean {
  switch (comparator) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

const isLower = (c: VersComparator): boolean => c === '<' || c === '<=';
const isUpper = (c: VersComparator): boolean => c === '>' || c === '>=';

/**
 * Whether `version` is in the range, following the vers-spec algorithm: an equal `=` constraint
 * includes and an equal `!=` excludes; then the remaining constraints, sorted by version, form
 * intervals: a leading `<`/`<=`, a trailing `>`/`>=`, and each `>`/`>=` followed by a `<`/`<=`.
 * A range of only `!=` constraints contains every other version. Throws `VersError` for a scheme we
 * cannot order, and `VersionError` for a version invalid in the scheme.
 */
export function contains(range: string | Vers, version: string): boolean {
  const vers = typeof range === 'string' ? parseVers(range) : range;
  if (vers.constraints === '*') return true;
  const scheme = findVersionScheme(vers.scheme);
  const cmp = compareWith(scheme, vers.scheme);
  let sawNotEqual = false;
  for (const c of vers.constraints) {
    if (c.comparator !== '=' && c.comparator !== '!=') continue;
    if (cmp(version, c.version) === 0) return c.comparator === '=';
    if (c.comparator === '!=') sawNotEqual = true;
  }
  const bounds = vers.constraints
    .filter((c) => c.comparator !== '=' && c.comparator !== '!=')
    .sort((a, b) => cmp(a.version, b.version));
  if (bounds.length === 0) return sawNotEqual;
  const first = bounds[0];
  const last = bounds.at(-1);
  if (
    first !== undefined &&
    isLower(first.comparator) &&
    satisfies(cmp(version, first.version), first.comparator)
  ) {
    return true;
  }
  if (
    last !== undefined &&
    isUpper(last.comparator) &&
    satisfies(cmp(version, last.version), last.comparator)
  ) {
    return true;
  }
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i];
    const hi = bounds[i + 1];
    if (lo === undefined || hi === undefined || !isUpper(lo.comparator) || !isLower(hi.comparator)) continue;
    if (
      satisfies(cmp(version, lo.version), lo.comparator) &&
      satisfies(cmp(version, hi.version), hi.comparator)
    ) {
      return true;
    }
  }
  return false;
}
