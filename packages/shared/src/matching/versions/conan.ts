import { type VersionScheme, VersionError } from './scheme.js';

/** A dot-separated item: a number when it is all digits, otherwise text. */
type Item = bigint | string;

interface ConanVersion {
  /** The main items without trailing zeros, so that 1 = 1.0 = 1.0.0. */
  items: Item[];
  /** After the last '-' (before any '+'); an empty pre-release ("1.0-") is the lowest one. */
  pre: ConanVersion | undefined;
  /** After the last '+'. */
  build: ConanVersion | undefined;
}

function parseItems(text: string): ConanVersion {
  const items: Item[] = text.split('.').map((s) => (/^\d+$/.test(s) ? BigInt(s) : s));
  while (items.length > 0 && items.at(-1) === 0n) items.pop();
  return { items, pre: undefined, build: undefined };
}

function parse(v: string): ConanVersion | undefined {
  if (v === '' || /\s/.test(v)) return undefined;
  const plus = v.lastIndexOf('+');
  const build = plus === -1 ? undefined : parseItems(v.slice(plus + 1));
  const rest = plus === -1 ? v : v.slice(0, plus);
  const dash = rest.lastIndexOf('-');
  const pre = dash === -1 ? undefined : parseItems(rest.slice(dash + 1));
  return { ...parseItems(dash === -1 ? rest : rest.slice(0, dash)), pre, build };
}

/** Numbers numerically, text by code point, and a number against text by its decimal digits. */
function compareItem(a: Item, b: Item): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b ? 0 : a < b ? -1 : 1;
  const x = String(a);
  const y = String(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareItems(a: readonly Item[], b: readonly Item[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareItem(a[i] ?? 0n, b[i] ?? 0n);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** A present part against an absent one: a pre-release sorts first, a build last. */
function compareOptional(
  a: ConanVersion | undefined,
  b: ConanVersion | undefined,
  absentIsGreater: boolean,
): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined) === absentIsGreater ? 1 : -1;
  }
  return compareParsed(a, b);
}

function compareParsed(a: ConanVersion, b: ConanVersion): number {
  return (
    compareItems(a.items, b.items) ||
    compareOptional(a.pre, b.pre, true) ||
    compareOptional(a.build, b.build, false)
  );
}

function checked(v: string): ConanVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid Conan version ${JSON.stringify(v)}`);
  return parsed;
}

/**
 * Conan 2 versions: dot-separated items (trailing zeros ignored), `-pre-release` and `+build` parts,
 * each compared as a version of its own; an item that is not a number compares as text.
 */
export const conanScheme: VersionScheme<ConanVersion> = {
  name: 'conan',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => parse(v) !== undefined,
  parse,
  compareParsed,
};
