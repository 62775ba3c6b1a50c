/**
 * A version ordering for products that belong to no package ecosystem: device firmware, appliances,
 * controllers, vendor applications named by CPE. Registered as the vers scheme `generic`
 * (`vers:generic/>=4.0|<4.2.1`). It aims to order what vendors actually write, and to be a total
 * order (so ranges behave), not to reproduce any one vendor's convention.
 *
 * Rules:
 * 1. A leading `v` or `V` directly before a digit is ignored: `v2.0` == `2.0`.
 * 2. The version is cut into runs of ASCII digits and runs of ASCII letters. Every other character
 *    (`.`, `-`, `_`, `+`, `(`, `)`, `/`, space…) only separates runs, and so does a letter/digit
 *    boundary: `4.2.1rc1` is 4 2 1 rc 1. Separators carry no weight, so `1.2-3` == `1.2.3`.
 * 3. A missing part equals 0: zeros at the end, or right before a letter run, are dropped.
 *    `4.2` == `4.2.0` == `4.2.0.0`, and `4.2.0-rc1` == `4.2-rc1`.
 * 4. Runs are compared left to right and the first difference decides. Numbers compare numerically,
 *    of any size, ignoring leading zeros (`2024.01` == `2024.1` < `2024.10`); letter runs compare
 *    case-insensitively (`RC1` == `rc1`).
 * 5. Where the runs at one position differ in kind, the rank is:
 *    pre-release word < end of the version < other letters < number. Hence:
 *    - `dev` < `alpha` < `beta` < `pre` < `rc` mark a pre-release, before the release itself:
 *      `4.2.1-beta2` < `4.2.1-rc1` < `4.2.1`;
 *    - any other letters mark something after the release (a patch letter, service pack, build,
 *      revision): `4.2.1` < `4.2.1a` < `4.2.1b`, `1.0` < `1.0sp2`, `5.1` < `5.1-build5`,
 *      `3.0` < `3.0r3`;
 *    - but a number beats letters at the same position: `4.2.1a` < `4.2.1.1` and `4.2a` < `4.2.1`
 *      (a patch letter stays below the next numbered version).
 *    Words such as `final` or `ga` are not special: `1.0-final` > `1.0`.
 *
 * A valid version is printable ASCII with at least one letter or digit.
 */
import { type VersionScheme, VersionError } from './scheme.js';

type Run =
  | { kind: 'number'; digits: string } // without leading zeros; '' is 0
  | { kind: 'letters'; text: string }; // lower case

/** Pre-release words, lowest first. */
const PRE_RELEASE: readonly string[] = ['dev', 'alpha', 'beta', 'pre', 'rc'];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function isValidGeneric(v: string): boolean {
  return PRINTABLE_ASCII.test(v) && /[A-Za-z0-9]/.test(v);
}

/** The canonical runs of a version (rules 1–3); two versions are equal iff their runs are. */
function runsOf(version: string): Run[] {
  if (!isValidGeneric(version)) {
    throw new VersionError(
      `invalid generic version ${JSON.stringify(version)}: expected printable ASCII with a letter or digit`,
    );
  }
  const text = /^[vV][0-9]/.test(version) ? version.slice(1) : version;
  const runs: Run[] = [];
  const dropTrailingZeros = (): void => {
    while (runs.length > 0) {
      const last = runs[runs.length - 1];
      if (last?.kind !== 'number' || last.digits !== '') break;
      runs.pop();
    }
  };
  for (const [raw] of text.matchAll(/[0-9]+|[A-Za-z]+/g)) {
    if (/^[0-9]/.test(raw)) {
      runs.push({ kind: 'number', digits: raw.replace(/^0+/, '') });
    } else {
      dropTrailingZeros();
      runs.push({ kind: 'letters', text: raw.toLowerCase() });
    }
  }
  dropTrailingZeros();
  return runs;
}

/** Rank of a run's kind at one position (rule 5); `undefined` is the end of the version. */
function rank(run: Run | undefined): number {
  if (run === undefined) return 1;
  if (run.kind === 'number') return 3;
  return PRE_RELEASE.includes(run.text) ? 0 : 2;
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRuns(a: Run | undefined, b: Run | undefined): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0 || a === undefined || b === undefined) return byRank;
  if (a.kind === 'number' && b.kind === 'number') return compareDigits(a.digits, b.digits);
  if (a.kind === 'letters' && b.kind === 'letters') {
    const preA = PRE_RELEASE.indexOf(a.text);
    if (preA >= 0) return preA - PRE_RELEASE.indexOf(b.text);
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }
  return 0; // unreachable: equal ranks mean equal kinds
}

function compareGeneric(a: string, b: string): number {
  return compareRunLists(runsOf(a), runsOf(b));
}

function compareRunLists(runsA: readonly Run[], runsB: readonly Run[]): number {
  const length = Math.max(runsA.length, runsB.length);
  for (let i = 0; i < length; i++) {
    const cmp = compareRuns(runsA[i], runsB[i]);
    if (cmp !== 0) return Math.sign(cmp);
  }
  return 0;
}

export const genericScheme: VersionScheme<Run[]> = {
  name: 'generic',
  compare: compareGeneric,
  isValid: isValidGeneric,
  parse: (v) => (isValidGeneric(v) ? runsOf(v) : undefined),
  compareParsed: compareRunLists,
};
