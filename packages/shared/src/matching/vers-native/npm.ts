/** npm: node-semver ranges, read by the `semver` package. */
import semver from 'semver';
import { VersError } from '../vers.js';
import {
  atLeast,
  atMost,
  compareIn,
  EVERY_VERSION,
  intersect,
  type Interval,
  type NativeRange,
  point,
} from './intervals.js';

function npmComparatorInterval(comparator: semver.Comparator): Interval {
  // The `semver` package marks "any version" with an empty value (its `semver` is a symbol then).
  if (comparator.value === '') return EVERY_VERSION;
  const { operator, semver: version } = comparator;
  // node-semver writes "below every 2.0.0 pre-release" as `<2.0.0-0`; vers has no such bound, and the
  // vers-spec suite writes it `<2.0.0` (which also holds the 2.0.0 pre-releases: wider, never narrower).
  const text =
    operator === '<' && version.prerelease.length === 1 && version.prerelease[0] === 0
      ? `${String(version.major)}.${String(version.minor)}.${String(version.patch)}`
      : version.version;
  switch (operator) {
    case '':
    case '=':
      return point(text);
    case '<':
      return atMost(text, false);
    case '<=':
      return atMost(text);
    case '>':
      return atLeast(text, false);
    case '>=':
      return atLeast(text);
  }
}

export function npmRange(native: string): NativeRange {
  let range: semver.Range;
  try {
    range = new semver.Range(native);
  } catch (e) {
    throw new VersError(`invalid npm range ${JSON.stringify(native)}: ${(e as Error).message}`);
  }
  const cmp = compareIn('npm');
  // Each `||` alternative is an AND of comparators: one interval, or none when they contradict.
  const intervals = range.set.flatMap((comparators) => {
    let acc: Interval | undefined = EVERY_VERSION;
    for (const comparator of comparators) {
      acc = acc && intersect(acc, npmComparatorInterval(comparator), cmp);
    }
    return acc ?? [];
  });
  return { intervals, excluded: [] };
}
