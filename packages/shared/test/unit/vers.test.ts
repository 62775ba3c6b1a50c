import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERS_FROM_NATIVE_SCHEMES, versFromNative } from '../../src/matching/vers-native.js';
import { contains, normalizeVers, parseVers, stringifyVers, VersError } from '../../src/matching/vers.js';
import { findVersionScheme, type VersionScheme } from '../../src/matching/versions/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const versTests = path.resolve(repoRoot, '..', 'shared', 'standards', 'vers-spec', 'tests');

interface VersCase {
  description: string;
  test_group: string;
  test_type: 'comparison' | 'equality' | 'containment' | 'from_native' | 'parse' | 'validate';
  input: unknown;
  expected_output?: unknown;
  expected_failure?: boolean;
}

interface NativeInput {
  scheme: string;
  native_range: string;
}

const READS_AND_AS_OR = 'the expected output lists the comparators of an AND as if they were alternatives';
const OVERLAP_NOT_MERGED =
  'the expected output keeps overlapping alternatives apart, which vers reads as a narrower range; we merge them';
const PARTIAL_VERSION =
  'node-semver reads a partial version as an x-range (`<=1.0` is `<1.1.0-0`, `2.1` is `2.1.x`); the expected output pads it with zeros';
const X_RANGE_WITH_OPERATOR =
  'node-semver reads `>=1.x` as `>=1.0.0`; the expected output reads it as `1.x` and drops the later versions';

/**
 * from_native cases whose expected output we deliberately do not produce, by `<scheme> <native range>`:
 * each would make the vers range mean something other than the native range (vers-native.test.ts
 * checks what we produce instead).
 */
const NATIVE_DEVIATIONS: Readonly<Record<string, string>> = {
  'npm >=5.0.3 >=4.2.1': READS_AND_AS_OR,
  'npm 1.1.2 1.2.2': `${READS_AND_AS_OR} (this AND matches no version, and we reject it)`,
  'npm <2.0.1 || <1.1.7': OVERLAP_NOT_MERGED,
  'npm <2.0.18 || <3.0.16 || <3.1.6 || <4.0.8 || <5.0.0-beta.5': OVERLAP_NOT_MERGED,
  'npm ^2.0.18 || ^3.0.16 || ^3.1.6 || ^4.0.8 || ^5.0.0-beta.5': OVERLAP_NOT_MERGED,
  'npm >= 0.2.0 <= 0.9.6 || ~0.8.0-pre': `${OVERLAP_NOT_MERGED}; it also reads \`~0.8.0-pre\` as ending below 0.8.1, node-semver below 0.9.0-0`,
  'npm <= 1.0': PARTIAL_VERSION,
  'npm <=2.1 >=1.1': PARTIAL_VERSION,
  'npm 2.1 || 2.6': PARTIAL_VERSION,
  'npm >= 2.2.x': X_RANGE_WITH_OPERATOR,
  'npm >= 1.x': X_RANGE_WITH_OPERATOR,
  'conan ':
    'the expected output `vers:conan/` is not a valid vers (a vers needs a constraint); we reject an empty range',
};

const files = readdirSync(versTests)
  .filter((f) => f.endsWith('.json'))
  .sort();

function requireScheme(name: string): VersionScheme {
  const scheme = findVersionScheme(name);
  if (scheme === undefined) throw new Error(`no scheme ${name}`);
  return scheme;
}

/** Why a case cannot run against our implementation, or undefined when it can. */
function skipReason(c: VersCase): string | undefined {
  switch (c.test_type) {
    case 'from_native': {
      const { scheme, native_range } = c.input as NativeInput;
      if (!VERS_FROM_NATIVE_SCHEMES.includes(scheme))
        return `converting native ${scheme} ranges is not implemented`;
      return NATIVE_DEVIATIONS[`${scheme} ${native_range}`];
    }
    case 'comparison':
    case 'equality': {
      const scheme = (c.input as { input_scheme: string }).input_scheme;
      return findVersionScheme(scheme) === undefined ? `no version ordering for scheme ${scheme}` : undefined;
    }
    case 'containment': {
      const scheme = parseVers((c.input as { vers: string }).vers).scheme;
      return findVersionScheme(scheme) === undefined ? `no version ordering for scheme ${scheme}` : undefined;
    }
    case 'parse':
    case 'validate':
      return undefined;
  }
}

function check(c: VersCase): void {
  switch (c.test_type) {
    case 'comparison': {
      const { input_scheme, versions } = c.input as { input_scheme: string; versions: string[] };
      const scheme = requireScheme(input_scheme);
      const sorted = [...versions].sort((a, b) => scheme.compare(a, b));
      const expected = c.expected_output as string[];
      expect(sorted).toHaveLength(expected.length);
      // The expected list may spell a version differently (NuGet case), so compare by the scheme.
      sorted.forEach((v, i) => {
        expect(scheme.compare(v, expected[i] ?? ''), `${v} at ${String(i)}`).toBe(0);
      });
      // Strictly increasing, except where the list repeats a version (openssl's ["3.0.0", "3.0.0"]).
      for (let i = 1; i < expected.length; i++) {
        if (expected[i - 1] === expected[i]) continue;
        expect(scheme.compare(expected[i - 1] ?? '', expected[i] ?? '')).toBeLessThan(0);
      }
      return;
    }
    case 'equality': {
      const { input_scheme, versions } = c.input as { input_scheme: string; versions: [string, string] };
      const scheme = requireScheme(input_scheme);
      expect(scheme.compare(versions[0], versions[1]) === 0).toBe(c.expected_output);
      expect(scheme.compare(versions[1], versions[0]) === 0).toBe(c.expected_output);
      return;
    }
    case 'containment': {
      const { vers, version } = c.input as { vers: string; version: string };
      expect(contains(vers, version)).toBe(c.expected_output);
      return;
    }
    case 'parse': {
      const input = c.input as string;
      if (c.expected_failure === true) {
        expect(() => parseVers(input, { strict: true })).toThrow(VersError);
        return;
      }
      const parsed = parseVers(input, { strict: true });
      const expected = c.expected_output as { scheme: string; version_constraints: [string, string][] };
      expect(parsed.scheme).toBe(expected.scheme);
      expect(
        parsed.constraints === '*' ? '*' : parsed.constraints.map((k) => [k.comparator, k.version]),
      ).toEqual(expected.version_constraints);
      return;
    }
    case 'validate':
      expect(normalizeVers(c.input as string)).toBe(c.expected_output);
      return;
    case 'from_native': {
      const { scheme, native_range } = c.input as NativeInput;
      if (c.expected_failure === true) {
        expect(() => versFromNative(scheme, native_range)).toThrow(VersError);
        return;
      }
      expect(versFromNative(scheme, native_range)).toBe(c.expected_output);
      return;
    }
  }
}

const tally: Record<string, { run: number; skipped: number }> = {};

describe('vers-spec official tests', () => {
  for (const file of files) {
    const cases = (JSON.parse(readFileSync(path.join(versTests, file), 'utf8')) as { tests: VersCase[] })
      .tests;
    describe(file, () => {
      cases.forEach((c, i) => {
        const reason = skipReason(c);
        const entry = (tally[file] ??= { run: 0, skipped: 0 });
        const name = `#${String(i)} ${c.test_type} ${JSON.stringify(c.input)}`;
        if (reason === undefined) {
          entry.run++;
          it(name, () => {
            check(c);
          });
        } else {
          entry.skipped++;
          it.skip(`${name} (skipped: ${reason})`, () => undefined);
        }
      });
    });
  }

  it('runs every official file and the implemented schemes in full', () => {
    expect(files).toHaveLength(21);
    for (const f of [
      'alpine_version_cmp_test.json',
      'alpm_version_cmp_test.json',
      'conan_range_from_native_basic_test.json',
      'conan_version_cmp_test.json',
      'gem_range_from_native_test.json',
      'gentoo_version_cmp_test.json',
      'nginx_range_from_native_test.json',
      'nuget_range_from_native_test.json',
      'openssl_range_from_native_test.json',
      'openssl_version_cmp_test.json',
      'pypi_range_from_native_test.json',
      'maven_version_cmp_test.json',
      'nuget_version_cmp_test.json',
      'datetime_version_cmp_test.json',
      'lexicographic-test.json',
      'npm_range_containment_test.json',
      'pypi_range_containment_test.json',
      'pypi_range_validate_test.json',
      'vers_canonical_parse_test.json',
    ]) {
      expect(tally[f]?.skipped, f).toBe(0);
    }
    // npm and Conan run in full but for the named deviations, each of which must name a real case.
    const deviating = ['npm_range_from_native_test.json', 'conan_range_from_native_test.json'];
    expect(deviating.map((f) => tally[f]?.skipped ?? 0).reduce((a, b) => a + b)).toBe(
      Object.keys(NATIVE_DEVIATIONS).length,
    );
  });
});

describe('vers parsing', () => {
  it('round-trips and percent-encodes versions', () => {
    const v = parseVers('vers:npm/>=1.0.0|<2.0.0');
    expect(v.constraints).toEqual([
      { comparator: '>=', version: '1.0.0' },
      { comparator: '<', version: '2.0.0' },
    ]);
    expect(stringifyVers(v)).toBe('vers:npm/>=1.0.0|<2.0.0');
    expect(stringifyVers({ scheme: 'generic', constraints: [{ comparator: '=', version: 'a|b c' }] })).toBe(
      'vers:generic/a%7Cb%20c',
    );
  });

  it('lenient parsing drops whitespace and empty constraints and sorts', () => {
    expect(normalizeVers('vers:NPM/ <2.0.0 || >=1.0.0 ')).toBe('vers:npm/>=1.0.0|<2.0.0');
  });

  it('rejects malformed input', () => {
    expect(() => parseVers('npm/>=1.0.0')).toThrow(VersError);
    expect(() => parseVers('vers:npm/>=')).toThrow(VersError);
    expect(() => parseVers('vers:npm/')).toThrow(VersError);
  });

  it('keeps constraints of a scheme it cannot order as written, and refuses to test them', () => {
    expect(normalizeVers('vers:cpan/2.0|1.0')).toBe('vers:cpan/2.0|1.0');
    expect(() => contains('vers:cpan/2.0|1.0', '1.0')).toThrow(/no version ordering/);
  });
});

describe('vers containment', () => {
  it('handles intervals, exclusions and equality across schemes', () => {
    const r = 'vers:npm/>=1.0.0|<1.5.0|!=1.2.0|>=2.0.0';
    expect(contains(r, '0.9.0')).toBe(false);
    expect(contains(r, '1.0.0')).toBe(true);
    expect(contains(r, '1.2.0')).toBe(false);
    expect(contains(r, '1.5.0')).toBe(false);
    expect(contains(r, '3.0.0')).toBe(true);
    expect(contains('vers:npm/!=1.0.0', '1.0.1')).toBe(true);
    expect(contains('vers:npm/1.0.0|2.0.0', '1.5.0')).toBe(false);
    expect(contains('vers:pypi/<1.0', '1.0rc1')).toBe(true);
    expect(contains('vers:maven/>=1.0|<1.1', '1.1-SNAPSHOT')).toBe(true);
    expect(contains('vers:maven/>=1.0|<1.1', '1.1')).toBe(false);
    expect(contains('vers:deb/<1:2.0-1', '1:2.0~rc1-1')).toBe(true);
    expect(contains('vers:deb/<1:2.0-1', '2:1.0-1')).toBe(false);
    expect(contains('vers:golang/<v1.2.0', 'v1.1.9+incompatible')).toBe(true);
    expect(contains('vers:alpine/<1.2.3-r1', '1.2.3_rc1-r5')).toBe(true);
    expect(contains('vers:alpine/<1.2.3-r1', '1.2.3_p1-r0')).toBe(false);
    expect(contains('vers:gentoo/>=1.0_p1', '1.0a')).toBe(true);
    expect(contains('vers:openssl/>=1.0.2|<1.0.2za', '1.0.2zb')).toBe(false);
    expect(contains('vers:conan/>=1.2|<2-', '2.0-rc1')).toBe(false);
  });

  it('throws for a version the scheme cannot read', () => {
    expect(() => contains('vers:npm/<1.0.0', 'not-a-version')).toThrow();
    expect(() => contains('vers:alpine/<1.0-r1', '1.0_beta_gamma')).toThrow(/invalid Alpine apk version/);
    expect(() => contains('vers:alpine/<1.0-r1', '1.0ab')).toThrow(/invalid Alpine apk version/);
  });
});
