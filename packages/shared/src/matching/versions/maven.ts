import { packParts, plainReleaseKey, type VersionScheme } from './scheme.js';

/**
 * Maven's ComparableVersion ordering, written from its documented rules: the version is split into
 * numbers and qualifiers at '.', '-' and digit/letter transitions; '-' and transitions open a nested
 * list; trailing "null" items (0, "", "final", "ga", "release") are dropped; known qualifiers order as
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, and unknown
 * qualifiers sort after them lexically.
 */
type Item =
  | { kind: 'int'; value: bigint }
  /** `key`: the qualifier's sort key (comparableQualifier), computed once at parse. */
  | { kind: 'str'; value: string; key: string }
  | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function stringItem(raw: string, followedByDigit: boolean): Item {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    value = value === 'a' ? 'alpha' : value === 'b' ? 'beta' : value === 'm' ? 'milestone' : value;
  }
  const canonical = ALIASES[value] ?? value;
  return { kind: 'str', value: canonical, key: comparableQualifier(canonical) };
}

function parseItem(isDigit: boolean, buf: string): Item {
  return isDigit ? { kind: 'int', value: BigInt(buf) } : stringItem(buf, false);
}

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${String(QUALIFIERS.length)}-${q}` : String(i);
}

function isNull(item: Item): boolean {
  switch (item.kind) {
    case 'int':
      return item.value === 0n;
    case 'str':
      return item.key === RELEASE_INDEX;
    case 'list':
      return item.items.length === 0;
  }
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i];
    if (last === undefined) break;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function parse(version: string): Item {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const open = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v.charAt(i);
    if (c === '.') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      open();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(v.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (v.length > start) list.push(parseItem(isDigit, v.slice(start)));
  while (stack.length > 0) {
    const top = stack.pop();
    if (top !== undefined) normalize(top);
  }
  return { kind: 'list', items: root };
}

function compareItems(a: Item, b: Item | undefined): number {
  if (b === undefined) {
    switch (a.kind) {
      case 'int':
        return a.value === 0n ? 0 : 1;
      case 'str':
        return compareStrings(a.key, RELEASE_INDEX);
      case 'list':
        for (const item of a.items) {
          const r = compareItems(item, undefined);
          if (r !== 0) return r;
        }
        return 0;
    }
  }
  switch (a.kind) {
    case 'int':
      if (b.kind === 'int') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1;
    case 'str':
      if (b.kind === 'int' || b.kind === 'list') return -1;
      return compareStrings(a.key, b.key);
    case 'list': {
      if (b.kind === 'int') return -1;
      if (b.kind === 'str') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const result =
          l === undefined ? (r === undefined ? 0 : -compareItems(r, undefined)) : compareItems(l, r);
        if (result !== 0) return result;
      }
      return 0;
    }
  }
}

/** Java String.compareTo: UTF-16 code unit order. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Plain releases (at most three numbers, no qualifier) packed: 1.2 = 1.2.0 = 1.2.0.Final. */
function orderKey(version: Item): number {
  if (version.kind !== 'list' || version.items.length > 3) return Number.NaN;
  const parts: number[] = [];
  for (const item of version.items) {
    if (item.kind !== 'int' || item.value > 2_097_151n) return Number.NaN;
    parts.push(Number(item.value));
  }
  return packParts(parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0);
}

/** Maven orders any text (`compare` never throws), though text with white space is not valid. */
export const mavenScheme: VersionScheme<Item> = {
  name: 'maven',
  compare: (a, b) => compareItems(parse(a), parse(b)),
  isValid: (v) => v.length > 0 && !/\s/.test(v),
  parse,
  compareParsed: (a, b) => compareItems(a, b),
  orderKey,
  textOrderKey: (v) => plainReleaseKey(v, 0, 1, 3, true, false),
};
