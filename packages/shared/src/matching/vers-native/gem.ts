/** RubyGems: Gem::Requirement strings (comma means AND). */
import { VersError } from '../vers.js';
import { findVersionScheme } from '../versions/index.js';
import { andAll, atLeast, atMost, compareIn, EVERY_VERSION, type NativeRange, point } from './intervals.js';

const GEM_CLAUSE = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

/**
 * The exclusive upper bound of `~> version` (Gem::Version#bump): drop the pre-release part, then
 * the last segment unless it is the only one, and increment the new last segment.
 */
function gemBump(version: string): string {
  const segments = version.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstLetters = segments.findIndex((s) => !/^[0-9]/.test(s));
  const release = (firstLetters === -1 ? segments : segments.slice(0, firstLetters)).map(Number);
  if (release.length > 1) release.pop();
  release.push((release.pop() ?? 0) + 1);
  return release.join('.');
}

function gemClause(text: string, native: string): NativeRange {
  const m = GEM_CLAUSE.exec(text.trim());
  const version = m?.[2];
  const gem = findVersionScheme('gem');
  if (m === null || version === undefined || gem?.isValid(version) !== true) {
    throw new VersError(
      `invalid RubyGems requirement ${JSON.stringify(text.trim())} in ${JSON.stringify(native)} (expected e.g. "~> 2.0.8" or ">= 1.0, < 2")`,
    );
  }
  switch (m[1]) {
    case undefined:
    case '=':
      return { intervals: [point(version)], excluded: [] };
    case '!=':
      return { intervals: [EVERY_VERSION], excluded: [version] };
    case '<':
      return { intervals: [atMost(version, false)], excluded: [] };
    case '<=':
      return { intervals: [atMost(version)], excluded: [] };
    case '>':
      return { intervals: [atLeast(version, false)], excluded: [] };
    case '>=':
      return { intervals: [atLeast(version)], excluded: [] };
    default:
      // `~>`
      return {
        intervals: [
          { lower: { version, inclusive: true }, upper: { version: gemBump(version), inclusive: false } },
        ],
        excluded: [],
      };
  }
}

export function gemRange(native: string): NativeRange {
  return andAll(
    native.split(',').map((clause) => gemClause(clause, native)),
    compareIn('gem'),
  );
}
