import { describe, expect, it } from 'vitest';
import {
  alpmScheme,
  debianScheme,
  findVersionScheme,
  gemScheme,
  goScheme,
  mavenScheme,
  nugetScheme,
  pep440Scheme,
  rpmScheme,
  semverScheme,
  VersionError,
  type VersionScheme,
} from '../../src/matching/versions/index.js';

/** Each list is strictly ascending in its ecosystem's ordering (taken from the ecosystems' documentation). */
const ASCENDING: readonly [string, VersionScheme, readonly string[]][] = [
  [
    'semver',
    semverScheme,
    [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
    ],
  ],
  [
    'golang',
    goScheme,
    [
      'v0.0.0-20190101000000-abcdefabcdef',
      'v1.0.0-rc.1',
      'v1.0.0',
      'v1.2.3',
      'v2.0.0+incompatible',
      'v2.1.0+incompatible',
    ],
  ],
  [
    'pep440',
    pep440Scheme,
    ['1.0.dev1', '1.0a1', '1.0a2.dev1', '1.0b1', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1', '1.1', '1!0.1'],
  ],
  [
    'debian',
    debianScheme,
    ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0-1', '1.0-1+b1', '1.0a', '1.0+dfsg', '1.0.1', '1.10', '1:0.1'],
  ],
  [
    'maven',
    mavenScheme,
    [
      '1-alpha-1',
      '1-beta-1',
      '1-milestone-1',
      '1-rc-1',
      '1-SNAPSHOT',
      '1',
      '1-sp-1',
      '1-abc',
      '1.0.1',
      '1.1',
    ],
  ],
  ['nuget', nugetScheme, ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta', '1.0.0', '1.0.0.1', '1.0.1', '2.0']],
  ['rubygems', gemScheme, ['1.0.a', '1.0.a.2', '1.0.b1', '1.0.rc1', '1.0', '1.0.1', '1.1', '2']],
  ['rpm', rpmScheme, ['1.0~rc1', '1.0', '1.0^git1', '1.0a', '1.0.1', '1.10', '1:0.1']],
  ['alpm', alpmScheme, ['1.0a', '1.0rc1', '1.0', '1.0.1', '1.0..1', '1:0.1']],
];

describe('version schemes', () => {
  for (const [name, scheme, versions] of ASCENDING) {
    it(`${name} orders its documented examples`, () => {
      for (let i = 0; i < versions.length; i++) {
        for (let j = 0; j < versions.length; j++) {
          const a = versions[i] ?? '';
          const b = versions[j] ?? '';
          expect(Math.sign(scheme.compare(a, b)), `${a} vs ${b}`).toBe(Math.sign(i - j));
        }
        expect(scheme.isValid(versions[i] ?? '')).toBe(true);
      }
    });
  }

  it('treats equivalent spellings as equal', () => {
    expect(semverScheme.compare('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(goScheme.compare('v2.0.0+incompatible', 'v2.0.0')).toBe(0);
    expect(pep440Scheme.compare('1.0', '1.0.0')).toBe(0);
    expect(pep440Scheme.compare('1.0RC1', '1.0rc1')).toBe(0);
    expect(debianScheme.compare('0:1.0-1', '1.0-1')).toBe(0);
    expect(debianScheme.compare('1.001', '1.1')).toBe(0);
    expect(mavenScheme.compare('1.0.0', '1')).toBe(0);
    expect(mavenScheme.compare('1-ga', '1-final')).toBe(0);
    expect(mavenScheme.compare('1-cr1', '1-rc1')).toBe(0);
    expect(nugetScheme.compare('1.0', '1.0.0.0')).toBe(0);
    expect(gemScheme.compare('1.0.0', '1')).toBe(0);
    expect(rpmScheme.compare('0:1.0-1', '1.0-1')).toBe(0);
    expect(rpmScheme.compare('1.0', '1.0-5')).toBe(0);
    expect(alpmScheme.compare('1.0', '1.0-5')).toBe(0);
  });

  it('rejects invalid versions', () => {
    expect(semverScheme.isValid('1.0')).toBe(false);
    expect(goScheme.isValid('1.0.0')).toBe(false);
    expect(pep440Scheme.isValid('not a version')).toBe(false);
    expect(debianScheme.isValid('a1.0')).toBe(false);
    expect(debianScheme.isValid('x:1.0')).toBe(false);
    expect(nugetScheme.isValid('1.0.0.0.0')).toBe(false);
    expect(gemScheme.isValid('1..0')).toBe(false);
    expect(mavenScheme.isValid('')).toBe(false);
    expect(() => semverScheme.compare('1.0', '1.0.0')).toThrow(VersionError);
    expect(() => debianScheme.compare('1.0', '-')).toThrow(VersionError);
  });

  it('looks schemes up by purl type', () => {
    expect(findVersionScheme('npm')).toBe(semverScheme);
    expect(findVersionScheme('cargo')).toBe(semverScheme);
    expect(findVersionScheme('golang')).toBe(goScheme);
    expect(findVersionScheme('PyPI')).toBe(pep440Scheme);
    expect(findVersionScheme('deb')).toBe(debianScheme);
    expect(findVersionScheme('alpine')?.name).toBe('apk');
    expect(findVersionScheme('cpan')).toBeUndefined();
    expect(findVersionScheme('constructor')).toBeUndefined();
  });
});
