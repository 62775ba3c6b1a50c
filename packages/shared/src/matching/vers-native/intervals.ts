/**
 * Version sets for the native → vers conversion: a native range is read as a union of intervals minus
 * single versions, then written as a canonical vers — constraints sorted by version, each interval as a
 * `>`/`>=` and `<`/`<=` pair (or one bare version), a lone `*` for every version, and `!=` for a version
 * cut out of an interval. Overlapping intervals are merged, so the vers means what the native range
 * means; intervals that only touch are kept as written, as the vers-spec test suite does.
 */
import { type VersConstraint, VersError } from '../vers.js';
import { findVersionScheme } from '../versions/index.js';

export type Compare = (a: string, b: string) => number;

export interface Bound {
  version: string;
  inclusive: boolean;
}

/** A contiguous run of versions; a missing bound is unbounded on that side. */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
}

/** What a native range means: a union of intervals, minus single versions. */
export interface NativeRange {
  intervals: Interval[];
  excluded: string[];
}

export const EVERY_VERSION: Interval = {};

export const point = (version: string): Interval => ({
  lower: { version, inclusive: true },
  upper: { version, inclusive: true },
});
export const atLeast = (version: string, inclusive = true): Interval => ({ lower: { version, inclusive } });
export const atMost = (version: string, inclusive = true): Interval => ({ upper: { version, inclusive } });

function tighterLower(a: Bound | undefined, b: Bound | undefined, cmp: Compare): Bound | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const c = cmp(a.version, b.version);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterUpper(a: Bound | undefined, b: Bound | undefined, cmp: Compare): Bound | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const c = cmp(a.version, b.version);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

function looserUpper(a: Bound | undefined, b: Bound | undefined, cmp: Compare): Bound | undefined {
  if (a === undefined || b === undefined) return undefined;
  const c = cmp(a.version, b.version);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? a : b;
}

export function isEmpty({ lower, upper }: Interval, cmp: Compare): boolean {
  if (lower === undefined || upper === undefined) return false;
  const c = cmp(lower.version, upper.version);
  return c > 0 || (c === 0 && !(lower.inclusive && upper.inclusive));
}

function isPoint({ lower, upper }: Interval, cmp: Compare): boolean {
  return lower !== undefined && upper !== undefined && cmp(lower.version, upper.version) === 0;
}

export function intersect(a: Interval, b: Interval, cmp: Compare): Interval | undefined {
  const lower = tighterLower(a.lower, b.lower, cmp);
  const upper = tighterUpper(a.upper, b.upper, cmp);
  const result: Interval = {
    ...(lower === undefined ? {} : { lower }),
    ...(upper === undefined ? {} : { upper }),
  };
  return isEmpty(result, cmp) ? undefined : result;
}

/** Every version in both unions. */
function intersectAll(a: readonly Interval[], b: readonly Interval[], cmp: Compare): Interval[] {
  return a.flatMap((x) => b.flatMap((y) => intersect(x, y, cmp) ?? []));
}

function compareLowers(a: Interval, b: Interval, cmp: Compare): number {
  if (a.lower === undefined || b.lower === undefined) {
    return a.lower === undefined ? (b.lower === undefined ? 0 : -1) : 1;
  }
  const c = cmp(a.lower.version, b.lower.version);
  if (c !== 0) return c;
  return a.lower.inclusive === b.lower.inclusive ? 0 : a.lower.inclusive ? -1 : 1;
}

function compareUppers(a: Interval, b: Interval, cmp: Compare): number {
  if (a.upper === undefined || b.upper === undefined) {
    return a.upper === undefined ? (b.upper === undefined ? 0 : 1) : -1;
  }
  const c = cmp(a.upper.version, b.upper.version);
  if (c !== 0) return c;
  return a.upper.inclusive === b.upper.inclusive ? 0 : a.upper.inclusive ? 1 : -1;
}

/**
 * Whether `next` (which starts no earlier than `current`) must be merged into it: it starts inside
 * it, or one of them is a single version the other already holds. Intervals that merely touch
 * (`<=2.0|>=2.0`, `<2.0|>=2.0`) stay apart: vers reads them correctly either way.
 */
function overlaps(current: Interval, next: Interval, cmp: Compare): boolean {
  if (current.upper === undefined || next.lower === undefined) return true;
  const c = cmp(next.lower.version, current.upper.version);
  if (c !== 0) return c < 0;
  return (isPoint(next, cmp) && current.upper.inclusive) || (isPoint(current, cmp) && next.lower.inclusive);
}

/** The union as sorted intervals, overlapping ones merged. */
function normalizeUnion(intervals: readonly Interval[], cmp: Compare): Interval[] {
  const sorted = [...intervals].sort((a, b) => compareLowers(a, b, cmp) || compareUppers(a, b, cmp));
  const merged: Interval[] = [];
  for (const next of sorted) {
    const current = merged.at(-1);
    if (current !== undefined && overlaps(current, next, cmp)) {
      const upper = looserUpper(current.upper, next.upper, cmp);
      merged[merged.length - 1] = {
        ...(current.lower === undefined ? {} : { lower: current.lower }),
        ...(upper === undefined ? {} : { upper }),
      };
    } else {
      merged.push(next);
    }
  }
  return merged;
}

/**
 * Cuts one version out of the union: a bound at that version becomes exclusive (dropping an interval
 * of only that version), in every interval that has it (touching intervals can share it); a version
 * inside an interval must be kept as a `!=`. Returns whether it must.
 */
function cutOut(intervals: Interval[], version: string, cmp: Compare): boolean {
  let inside = false;
  for (let i = intervals.length - 1; i >= 0; i--) {
    const interval = intervals[i];
    if (interval === undefined) continue;
    const { lower, upper } = interval;
    const fromLower = lower === undefined ? 1 : cmp(version, lower.version);
    const fromUpper = upper === undefined ? -1 : cmp(version, upper.version);
    if (fromLower < 0 || fromUpper > 0) continue;
    if (fromLower > 0 && fromUpper < 0) {
      inside = true;
    } else if (isPoint(interval, cmp)) {
      intervals.splice(i, 1);
    } else {
      if (fromLower === 0 && lower !== undefined) interval.lower = { ...lower, inclusive: false };
      if (fromUpper === 0 && upper !== undefined) interval.upper = { ...upper, inclusive: false };
    }
  }
  return inside;
}

/**
 * The vers constraints of a native range: `*` for every version, undefined for none, else sorted
 * constraints — merged intervals as bound pairs or bare versions, and `!=` for excluded versions.
 */
export function toConstraints(range: NativeRange, cmp: Compare): VersConstraint[] | '*' | undefined {
  const nonEmpty = range.intervals.filter((i) => !isEmpty(i, cmp));
  const intervals = normalizeUnion(nonEmpty, cmp).map((i) => ({ ...i }));
  const kept = range.excluded.filter((v) => cutOut(intervals, v, cmp));
  if (intervals.length === 0) return undefined;
  const constraints: VersConstraint[] = [];
  for (const interval of intervals) {
    const { lower, upper } = interval;
    if (lower !== undefined && isPoint(interval, cmp)) {
      constraints.push({ comparator: '=', version: lower.version });
      continue;
    }
    if (lower !== undefined)
      constraints.push({ comparator: lower.inclusive ? '>=' : '>', version: lower.version });
    if (upper !== undefined)
      constraints.push({ comparator: upper.inclusive ? '<=' : '<', version: upper.version });
  }
  const notEqual = [...new Set(kept)].map((version): VersConstraint => ({ comparator: '!=', version }));
  // Every version: `*`, or only the `!=` constraints (vers reads a list of only `!=` as "all but").
  if (constraints.length === 0)
    return notEqual.length === 0 ? '*' : notEqual.sort((a, b) => cmp(a.version, b.version));
  // A stable sort: bounds already in order keep it, and a `!=` lands inside its interval.
  return [...constraints, ...notEqual].sort((a, b) => cmp(a.version, b.version));
}

/** The ordering of a vers scheme, as a comparison function. */
export function compareIn(scheme: string): Compare {
  const ordering = findVersionScheme(scheme);
  if (ordering === undefined) throw new VersError(`no version ordering for vers scheme ${scheme}`);
  return (a, b) => ordering.compare(a, b);
}

/** The versions every range holds. */
export function andAll(ranges: readonly NativeRange[], cmp: Compare): NativeRange {
  return ranges.reduce(
    (acc, r) => ({
      intervals: intersectAll(acc.intervals, r.intervals, cmp),
      excluded: [...acc.excluded, ...r.excluded],
    }),
    { intervals: [EVERY_VERSION], excluded: [] },
  );
}
