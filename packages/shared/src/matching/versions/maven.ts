import { packQualified, plainQualifiedKey, type VersionScheme } from './scheme.js';

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

/** The order-key tier of a plain release: the index of "" among QUALIFIERS. */
const RELEASE_TIER = Number(RELEASE_INDEX);

/**
 * Up to three numbers, then at most one known qualifier with at most one number (`1.2.3`,
 * `1.2.3.Final` = `1.2.3`, `1.2.3-RC1`, `1.2-beta-2`, `1.0-SNAPSHOT`), packed with packQualified:
 * the qualifier's tier is its place among QUALIFIERS, a plain release that of "". Once parsed, the
 * zeros before a qualifier are gone (`1.0-rc1` = `1-rc1`) and the list it opens sorts below any
 * number in its place, so the qualifier compares as if after the third number. NaN for other shapes.
 */
function orderKey(version: Item): number {
  if (version.kind !== 'list') return Number.NaN;
  const items = version.items;
  const parts = [0, 0, 0];
  let count = 0;
  let tier = RELEASE_TIER;
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    if (item.kind === 'int') {
      if (count === 3 || item.value > 65_535n) return Number.NaN;
      parts[count++] = Number(item.value);
    } else if (item.kind === 'list' && i === items.length - 1) {
      const q = item.items[0];
      const number = item.items[1];
      if (q?.kind !== 'str' || q.key.length !== 1 || item.items.length > 2) return Number.NaN;
      tier = Number(q.key);
      if (number !== undefined) {
        const value = number.kind === 'list' && number.items.length === 1 ? number.items[0] : undefined;
        if (value?.kind !== 'int' || value.value > 1023n) return Number.NaN;
        n = Number(value.value);
      }
    } else return Number.NaN;
  }
  return packQualified(parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, tier, n);
}

/** Maven orders any text (`compare` never throws), though text with white space is not valid. */
export const mavenScheme: VersionScheme<Item> = {
  name: 'maven',
  compare: (a, b) => compareItems(parse(a), parse(b)),
  isValid: (v) => v.length > 0 && !/\s/.test(v),
  parse,
  compareParsed: (a, b) => compareItems(a, b),
  orderKey,
  textOrderKey: (v) => plainQualifiedKey(v, 0, 1, 3, true, RELEASE_TIER),
};
