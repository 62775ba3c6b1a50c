import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contains, normalizeVers, parseVers } from '../../src/matching/vers.js';
import { findVersionScheme, genericScheme, VersionError } from '../../src/matching/versions/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const versTests = path.resolve(repoRoot, '..', 'shared', 'standards', 'vers-spec', 'tests');

const cmp = (a: string, b: string): number => genericScheme.compare(a, b);

describe('generic version scheme', () => {
  // [lower, higher] or [a, b] equal: each row is a fact of the documented rules.
  const less: [string, string][] = [
    ['1.2', '1.10'], // numeric, not textual
    ['1.9.9', '1.10.0'],
    ['4.1.9', '4.2.1'],
    ['4.2.1', '4.10'],
    ['4.2.1-rc1', '4.2.1'], // pre-release before the release
    ['4.2.1-rc1', '4.2.1-rc2'],
    ['4.2.1-beta2', '4.2.1-rc1'],
    ['4.2.1-alpha', '4.2.1-beta'],
    ['4.2.1-dev', '4.2.1-alpha'],
    ['4.2.1-pre1', '4.2.1-rc1'],
    ['4.2.0', '4.2.1-rc1'],
    ['4.2.1', '4.2.1a'], // a patch letter comes after the release
    ['4.2.1a', '4.2.1b'],
    ['4.2.1a', '4.2.1.1'], // … but below the next numbered version
    ['4.2a', '4.2.1'],
    ['4.2.1', '4.2.1p1'],
    ['1.0', '1.0sp2'], // service pack
    ['1.0sp1', '1.0sp2'],
    ['5.1', '5.1-build5'], // build numbers
    ['5.1-build5', '5.1-build12'],
    ['3.0', '3.0r3'], // revision
    ['2024.01', '2024.10'], // dates
    ['2023.12.31', '2024.01.01'],
    ['20240101', '20240315'],
    ['1.0.0.9999', '1.0.0.10000'],
    ['99999999999999999999', '100000000000000000000'], // beyond Number precision
  ];
  const equal: [string, string][] = [
    ['4.2', '4.2.0'],
    ['4.2', '4.2.0.0'],
    ['v2.0', '2.0'],
    ['V2.0', 'v2'],
    ['4.2.1-rc1', '4.2.1rc1'],
    ['4.2.1-RC1', '4.2.1.rc.1'],
    ['4.2.0-rc1', '4.2-rc1'],
    ['1.2-3', '1.2.3'],
    ['1.2_3', '1.2+3'],
    ['2024.01', '2024.1'],
    ['15.2(4)M3', '15.2.4.m3'],
  ];

  it.each(less)('%s < %s', (a, b) => {
    expect(cmp(a, b)).toBe(-1);
    expect(cmp(b, a)).toBe(1);
  });

  it.each(equal)('%s == %s', (a, b) => {
    expect(cmp(a, b)).toBe(0);
    expect(cmp(b, a)).toBe(0);
  });

  it('is a total order on a sample (reflexive, antisymmetric, transitive)', () => {
    const sample = [
      ...new Set([...less.flat(), ...equal.flat(), '0', '0.0.1', '1', 'v1', '1.0-final', 'a', '1a', '1.a']),
    ];
    for (const a of sample) {
      expect(cmp(a, a)).toBe(0);
      for (const b of sample) {
        expect(cmp(a, b) + cmp(b, a), `${a} vs ${b}`).toBe(0);
        for (const c of sample) {
          if (cmp(a, b) <= 0 && cmp(b, c) <= 0)
            expect(cmp(a, c), `${a} <= ${b} <= ${c}`).toBeLessThanOrEqual(0);
          if (cmp(a, b) === 0 && cmp(b, c) === 0) expect(cmp(a, c), `${a} == ${b} == ${c}`).toBe(0);
        }
      }
    }
  });

  it('sorts a firmware history', () => {
    const history = ['4.2.1', '4.10', '4.2.1-rc1', 'v4.0', '4.2.1a', '4.2', '4.2.1-beta'];
    expect([...history].sort(cmp)).toEqual([
      'v4.0',
      '4.2',
      '4.2.1-beta',
      '4.2.1-rc1',
      '4.2.1',
      '4.2.1a',
      '4.10',
    ]);
  });

  it('rejects versions without a letter or digit, or with non-ASCII characters', () => {
    for (const bad of ['', '...', '-', '1.0\u00e9', '1.0\n']) {
      expect(genericScheme.isValid(bad)).toBe(false);
      expect(() => cmp(bad, '1.0')).toThrow(VersionError);
    }
    expect(genericScheme.isValid('4.2 build 5')).toBe(true);
  });

  it('is the vers scheme generic, end to end', () => {
    expect(findVersionScheme('generic')).toBe(genericScheme);
    const range = 'vers:generic/>=4.0|<4.2.1';
    expect(contains(range, '4.0')).toBe(true);
    expect(contains(range, '4.1.9')).toBe(true);
    expect(contains(range, '4.2.1-rc1')).toBe(true);
    expect(contains(range, '4.2.1')).toBe(false);
    expect(contains(range, '4.10')).toBe(false);
    expect(contains(range, '3.9')).toBe(false);
    // Constraints are sorted with the scheme's ordering (4.10 after 4.2), not as text.
    expect(normalizeVers('vers:generic/<4.10|>=4.2')).toBe('vers:generic/>=4.2|<4.10');
    expect(parseVers('vers:generic/<4.10|>=4.2', { strict: false }).constraints).toHaveLength(2);
  });

  it('has no vers-spec test file to run (the suite has no generic scheme)', () => {
    // If the standards suite ever gains one, this fails and the file should be run here.
    const files = existsSync(versTests) ? readdirSync(versTests) : [];
    expect(files.filter((f) => f.toLowerCase().includes('generic'))).toEqual([]);
  });
});
