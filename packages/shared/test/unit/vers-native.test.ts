import { describe, expect, it } from 'vitest';
import { VERS_FROM_NATIVE_SCHEMES, versFromNative } from '../../src/matching/vers-native.js';
import { contains, VersError } from '../../src/matching/vers.js';

/** The VersError message of a conversion that must fail. */
function failure(scheme: string, native: string): string {
  try {
    versFromNative(scheme, native);
  } catch (e) {
    expect(e).toBeInstanceOf(VersError);
    return (e as VersError).message;
  }
  throw new Error(`${scheme} ${native} converted without an error`);
}

describe('versFromNative', () => {
  it('supports npm, PyPI, RubyGems, NuGet, Conan, nginx and OpenSSL, and names them for another scheme', () => {
    expect(VERS_FROM_NATIVE_SCHEMES).toEqual(['npm', 'pypi', 'gem', 'nuget', 'conan', 'nginx', 'openssl']);
    expect(failure('maven', '[1.0,2.0)')).toBe(
      'converting native maven ranges to vers is not supported (supported: npm, pypi, gem, nuget, conan, nginx, openssl)',
    );
    expect(versFromNative('NPM', '^1.2.9')).toBe('vers:npm/>=1.2.9|<2.0.0');
  });

  it('rejects an empty range for every scheme', () => {
    for (const scheme of VERS_FROM_NATIVE_SCHEMES) {
      expect(failure(scheme, '  ')).toBe(`the native ${scheme} range is empty`);
    }
  });

  describe('npm', () => {
    it('converts carets, tildes, x-ranges, hyphen ranges and alternatives', () => {
      expect(versFromNative('npm', '^0.2.1-beta')).toBe('vers:npm/>=0.2.1-beta|<0.3.0');
      expect(versFromNative('npm', '~1.6.5 || >=1.7.2')).toBe('vers:npm/>=1.6.5|<1.7.0|>=1.7.2');
      expect(versFromNative('npm', '2.0.x || 2.1.x')).toBe('vers:npm/>=2.0.0|<2.1.0|>=2.1.0|<2.2.0');
      expect(versFromNative('npm', '5.0.0 - 7.2.3')).toBe('vers:npm/>=5.0.0|<=7.2.3');
      expect(versFromNative('npm', '<=0.9.4 || 1.0.0')).toBe('vers:npm/<=0.9.4|1.0.0');
      expect(versFromNative('npm', '*')).toBe('vers:npm/*');
      expect(versFromNative('npm', '>=1.0.0 || <2.0.0')).toBe('vers:npm/*');
    });

    it('merges overlapping alternatives so that vers containment keeps every version npm matches', () => {
      const native = '^2.0.18 || ^3.0.16 || ^3.1.6';
      const vers = versFromNative('npm', native);
      expect(vers).toBe('vers:npm/>=2.0.18|<3.0.0|>=3.0.16|<4.0.0');
      // The vers-spec suite expects `>=2.0.18|<3.0.0|>=3.0.16|>=3.1.6|<4.0.0|…`, which drops 3.0.20.
      expect(contains(vers, '3.0.20')).toBe(true);
      expect(contains('vers:npm/>=2.0.18|<3.0.0|>=3.0.16|>=3.1.6|<4.0.0', '3.0.20')).toBe(false);
      expect(versFromNative('npm', '<2.0.1 || <1.1.7')).toBe('vers:npm/<2.0.1');
    });

    it('reads a space as AND and partial versions as node-semver does', () => {
      expect(versFromNative('npm', '>=5.0.3 >=4.2.1')).toBe('vers:npm/>=5.0.3');
      expect(versFromNative('npm', '<= 1.0')).toBe('vers:npm/<1.1.0');
      expect(contains(versFromNative('npm', '<= 1.0'), '1.0.5')).toBe(true);
      expect(versFromNative('npm', '>= 1.x')).toBe('vers:npm/>=1.0.0');
      expect(versFromNative('npm', '2.1 || 2.6')).toBe('vers:npm/>=2.1.0|<2.2.0|>=2.6.0|<2.7.0');
    });

    it('explains invalid and unsatisfiable ranges', () => {
      expect(failure('npm', '>=1.0.0 <<2')).toMatch(/^invalid npm range ">=1.0.0 <<2": Invalid comparator/);
      expect(failure('npm', 'not a range')).toMatch(/^invalid npm range "not a range"/);
      expect(failure('npm', '1.1.2 1.2.2')).toBe('npm range "1.1.2 1.2.2" matches no version');
      // An impossible alternative is dropped; the others remain.
      expect(versFromNative('npm', '>2.0.0 <1.0.0 || 3.0.0')).toBe('vers:npm/3.0.0');
    });
  });

  describe('pypi', () => {
    it('converts PEP 440 specifier sets', () => {
      expect(versFromNative('pypi', '>=1.0, <2.0')).toBe('vers:pypi/>=1.0|<2.0');
      expect(versFromNative('pypi', '!=5')).toBe('vers:pypi/!=5');
      expect(versFromNative('pypi', '>=1.0,<2.0,!=1.5')).toBe('vers:pypi/>=1.0|!=1.5|<2.0');
      expect(versFromNative('pypi', '==1.4.2')).toBe('vers:pypi/1.4.2');
      expect(versFromNative('pypi', '===1.0')).toBe('vers:pypi/1.0');
    });

    it('bounds ~= and prefix matches below the first pre-release of the next version', () => {
      expect(versFromNative('pypi', '~=1.4.2')).toBe('vers:pypi/>=1.4.2|<1.5.dev0');
      expect(versFromNative('pypi', '==1.*')).toBe('vers:pypi/>=1.dev0|<2.dev0');
      expect(versFromNative('pypi', '>=1.0,!=1.4.*')).toBe('vers:pypi/>=1.0|<1.4.dev0|>=1.5.dev0');
      expect(contains(versFromNative('pypi', '~=1.4.2'), '1.5rc1')).toBe(false);
      expect(versFromNative('pypi', '~=1!2.2')).toBe('vers:pypi/>=1!2.2|<1!3.dev0');
    });

    it('turns an exclusion at a bound into an exclusive bound', () => {
      expect(versFromNative('pypi', '>=1.0,!=1.0,<=2.0')).toBe('vers:pypi/>1.0|<=2.0');
      expect(versFromNative('pypi', '<3,!=4')).toBe('vers:pypi/<3');
      expect(versFromNative('gem', '~> 1.0, != 1.0, != 1.0')).toBe('vers:gem/>1.0|<2');
    });

    it('explains invalid and unsatisfiable specifier sets', () => {
      expect(failure('pypi', '~=1')).toBe(
        'invalid PEP 440 specifier set "~=1" (expected comma-separated clauses like ">=1.0, <2.0")',
      );
      expect(failure('pypi', '>=1.0,,<2')).toMatch(/^invalid PEP 440 specifier set/);
      expect(failure('pypi', '1.0')).toMatch(/^invalid PEP 440 specifier set/);
      expect(failure('pypi', '>=2.0,<1.0')).toBe('pypi range ">=2.0,<1.0" matches no version');
      expect(failure('pypi', '==1.0,!=1.0')).toBe('pypi range "==1.0,!=1.0" matches no version');
      // `===` compares strings, but a vers range is read with the PEP 440 ordering.
      expect(failure('pypi', '===1.0-legacy')).toBe(
        'cannot convert pypi range "===1.0-legacy": invalid PEP 440 version "1.0-legacy"',
      );
    });
  });

  describe('gem', () => {
    it('converts pessimistic and compound requirements', () => {
      expect(versFromNative('gem', '~>2.0.8')).toBe('vers:gem/>=2.0.8|<2.1');
      expect(versFromNative('gem', '~> 2')).toBe('vers:gem/>=2|<3');
      expect(versFromNative('gem', '~> 1.0.0.rc1')).toBe('vers:gem/>=1.0.0.rc1|<1.1');
      expect(versFromNative('gem', '>= 1.0, < 2, != 1.5')).toBe('vers:gem/>=1.0|!=1.5|<2');
      expect(versFromNative('gem', '1.2.3')).toBe('vers:gem/1.2.3');
    });

    it('explains invalid requirements', () => {
      expect(failure('gem', '>= 1.0, =< 2')).toBe(
        'invalid RubyGems requirement "=< 2" in ">= 1.0, =< 2" (expected e.g. "~> 2.0.8" or ">= 1.0, < 2")',
      );
      expect(failure('gem', '>= 1.0,')).toMatch(/^invalid RubyGems requirement ""/);
      expect(failure('gem', '> 2, < 1')).toBe('gem range "> 2, < 1" matches no version');
    });
  });

  describe('nuget', () => {
    it('converts interval notation and bare minimum versions', () => {
      expect(versFromNative('nuget', '[1.0.0, 2.0.0)')).toBe('vers:nuget/>=1.0.0|<2.0.0');
      expect(versFromNative('nuget', '1.0')).toBe('vers:nuget/>=1.0');
      expect(versFromNative('nuget', '[1.0]')).toBe('vers:nuget/1.0');
      expect(versFromNative('nuget', '(1.0,)')).toBe('vers:nuget/>1.0');
      expect(versFromNative('nuget', '(,1.0]')).toBe('vers:nuget/<=1.0');
      expect(versFromNative('nuget', '[1.0,1.0]')).toBe('vers:nuget/1.0');
    });

    it('explains invalid ranges', () => {
      expect(failure('nuget', '(1.0)')).toBe(
        'a single NuGet version in brackets must be exact, "[1.0]": "(1.0)"',
      );
      expect(failure('nuget', '[,]')).toBe('a NuGet version range needs at least one bound: "[,]"');
      expect(failure('nuget', '[2.0,1.0]')).toBe('NuGet version range "[2.0,1.0]" matches no version');
      expect(failure('nuget', '[1.0,2.0')).toMatch(/^invalid NuGet version range "\[1.0,2.0"/);
      expect(failure('nuget', '1.*')).toBe('floating NuGet versions are not supported: "1.*"');
      expect(failure('nuget', '[1.0,abc)')).toBe('invalid NuGet version "abc" in "[1.0,abc)"');
    });
  });

  describe('openssl', () => {
    it('lists the affected releases in order', () => {
      expect(versFromNative('openssl', '1.0.2ck, 3.1.2, 1.0.2d')).toBe('vers:openssl/1.0.2d|1.0.2ck|3.1.2');
      expect(versFromNative('openssl', '1.1.1, 1.1.1')).toBe('vers:openssl/1.1.1');
    });

    it('explains an invalid list', () => {
      expect(failure('openssl', '3.0.1, 1.1.1K')).toBe(
        'invalid OpenSSL version "1.1.1K" in "3.0.1, 1.1.1K" (expected a comma-separated list like "3.0.1, 1.1.1k")',
      );
      expect(failure('openssl', '3.0.1,')).toMatch(/^invalid OpenSSL version ""/);
    });
  });

  describe('conan', () => {
    it('converts tilde, caret, alternatives and settings', () => {
      expect(versFromNative('conan', '~2.5.1')).toBe('vers:conan/>=2.5.1|<2.6-');
      expect(versFromNative('conan', '^0.1.2')).toBe('vers:conan/>=0.1.2|<0.2-');
      expect(versFromNative('conan', '>1- <2.0 || ^3.2')).toBe('vers:conan/>1|<2.0|>=3.2|<4-');
      expect(versFromNative('conan', '*, include_prerelease')).toBe('vers:conan/>=0.0.0');
    });

    it('explains invalid ranges', () => {
      expect(failure('conan', '>1 <2, strict')).toBe(
        'unknown Conan version range setting "strict" in ">1 <2, strict"',
      );
      expect(failure('conan', '>=1 ||')).toBe('empty alternative in Conan version range ">=1 ||"');
      expect(failure('conan', '>>1')).toBe('invalid Conan version condition ">>1" in ">>1"');
      expect(failure('conan', '~1.a')).toBe('cannot bump item 2 of Conan version 1.a in "~1.a"');
      expect(failure('conan', '>2 <1')).toBe('conan range ">2 <1" matches no version');
    });
  });

  describe('nginx', () => {
    it('bounds a stable-branch "+" to its branch and leaves a mainline "+" open', () => {
      expect(versFromNative('nginx', '1.5.0+, 1.4.1+')).toBe('vers:nginx/>=1.4.1|<1.5.0|>=1.5.0');
      expect(versFromNative('nginx', '0.7.52-0.8.39, 1.0.0')).toBe('vers:nginx/>=0.7.52|<=0.8.39|1.0.0');
      expect(versFromNative('nginx', '1.2.0-1.1.0, 1.0.0')).toBe('vers:nginx/1.0.0');
    });

    it('explains invalid versions', () => {
      expect(failure('nginx', '1.5+')).toBe('invalid nginx version "1.5" in "1.5+"');
      expect(failure('nginx', '0.8.40 - 1.0')).toBe('invalid nginx version "1.0" in "0.8.40 - 1.0"');
    });
  });
});
