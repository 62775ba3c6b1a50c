import { alpmScheme } from './alpm.js';
import { apkScheme } from './apk.js';
import { conanScheme } from './conan.js';
import { datetimeScheme, lexicographicScheme } from './datetime.js';
import { debianScheme } from './debian.js';
import { gemScheme } from './gem.js';
import { genericScheme } from './generic.js';
import { gentooScheme } from './gentoo.js';
import { mavenScheme } from './maven.js';
import { nugetScheme } from './nuget.js';
import { opensslScheme } from './openssl.js';
import { pep440Scheme } from './pep440.js';
import { rpmScheme } from './rpm.js';
import type { VersionScheme } from './scheme.js';
import { goScheme, semverScheme } from './semver.js';

export { VersionError, type VersionScheme } from './scheme.js';
export {
  alpmScheme,
  apkScheme,
  conanScheme,
  datetimeScheme,
  lexicographicScheme,
  debianScheme,
  gemScheme,
  genericScheme,
  gentooScheme,
  goScheme,
  mavenScheme,
  nugetScheme,
  opensslScheme,
  pep440Scheme,
  rpmScheme,
  semverScheme,
};

/** Version schemes by vers scheme / purl type. */
const SCHEMES: Readonly<Record<string, VersionScheme>> = {
  npm: semverScheme,
  cargo: semverScheme,
  semver: semverScheme,
  nginx: semverScheme,
  golang: goScheme,
  pypi: pep440Scheme,
  maven: mavenScheme,
  nuget: nugetScheme,
  gem: gemScheme,
  deb: debianScheme,
  rpm: rpmScheme,
  alpm: alpmScheme,
  apk: apkScheme,
  alpine: apkScheme,
  gentoo: gentooScheme,
  openssl: opensslScheme,
  conan: conanScheme,
  datetime: datetimeScheme,
  lexicographic: lexicographicScheme,
  generic: genericScheme,
};

/** The ordering for a vers scheme or purl type, or undefined when we have none. */
export function findVersionScheme(type: string): VersionScheme | undefined {
  const key = type.toLowerCase();
  return Object.hasOwn(SCHEMES, key) ? SCHEMES[key] : undefined;
}

export const VERSION_SCHEME_TYPES: readonly string[] = Object.keys(SCHEMES);
