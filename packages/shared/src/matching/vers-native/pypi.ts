/** PyPI: PEP 440 specifier sets (comma means AND), read by @renovatebot/pep440. */
import { parse as parsePep440Specifiers } from '@renovatebot/pep440/lib/specifier.js';
import { VersError } from '../vers.js';
import {
  andAll,
  atLeast,
  atMost,
  compareIn,
  EVERY_VERSION,
  type Interval,
  type NativeRange,
  point,
} from './intervals.js';

/** What @renovatebot/pep440's specifier `parse` returns at run time (its declared type is looser). */
interface Pep440Clause {
  operator: string;
  /** Absent for `===`, which carries `legacy` instead. */
  version?: string;
  /** `.*` for a prefix match (`==1.4.*`). */
  prefix?: string;
  epoch?: number;
  release?: number[];
  legacy?: string;
}

function pep440Release(epoch: number | undefined, release: readonly number[]): string {
  return `${epoch === undefined || epoch === 0 ? '' : `${String(epoch)}!`}${release.join('.')}`;
}

/** The versions `==1.4.*` matches: from 1.4.dev0 (the first version of 1.4) to below 1.5.dev0. */
function pep440Prefix(epoch: number | undefined, release: readonly number[]): Required<Interval> {
  const next = [...release.slice(0, -1), (release.at(-1) ?? 0) + 1];
  return {
    lower: { version: `${pep440Release(epoch, release)}.dev0`, inclusive: true },
    upper: { version: `${pep440Release(epoch, next)}.dev0`, inclusive: false },
  };
}

function pep440Clause(clause: Pep440Clause, native: string): NativeRange {
  const { operator, version, release } = clause;
  if (operator === '===') return { intervals: [point(clause.legacy ?? version ?? '')], excluded: [] };
  if (version === undefined || release === undefined) {
    throw new VersError(`cannot read PEP 440 specifier ${operator} in ${JSON.stringify(native)}`);
  }
  const prefix = clause.prefix === '.*';
  switch (operator) {
    case '==':
      return { intervals: [prefix ? pep440Prefix(clause.epoch, release) : point(version)], excluded: [] };
    case '!=': {
      if (!prefix) return { intervals: [EVERY_VERSION], excluded: [version] };
      const { lower, upper } = pep440Prefix(clause.epoch, release);
      return { intervals: [atMost(lower.version, false), atLeast(upper.version)], excluded: [] };
    }
    case '~=': {
      // `~=1.4.2` is `>=1.4.2, ==1.4.*` (the last release segment dropped).
      const { upper } = pep440Prefix(clause.epoch, release.slice(0, -1));
      return { intervals: [{ lower: { version, inclusive: true }, upper }], excluded: [] };
    }
    case '<':
      return { intervals: [atMost(version, false)], excluded: [] };
    case '<=':
      return { intervals: [atMost(version)], excluded: [] };
    case '>':
      return { intervals: [atLeast(version, false)], excluded: [] };
    case '>=':
      return { intervals: [atLeast(version)], excluded: [] };
    default:
      throw new VersError(`unknown PEP 440 operator ${operator} in ${JSON.stringify(native)}`);
  }
}

export function pypiRange(native: string): NativeRange {
  const clauses = parsePep440Specifiers(native) as unknown as Pep440Clause[] | null;
  if (clauses === null || clauses.length === 0) {
    throw new VersError(
      `invalid PEP 440 specifier set ${JSON.stringify(native)} (expected comma-separated clauses like ">=1.0, <2.0")`,
    );
  }
  return andAll(
    clauses.map((c) => pep440Clause(c, native)),
    compareIn('pypi'),
  );
}
