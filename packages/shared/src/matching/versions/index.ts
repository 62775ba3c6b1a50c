import { alpmScheme } from './alpm.js';
import { datetimeScheme, lexicographicScheme } from './datetime.js';
import { debianScheme } from './debian.js';
import { gemScheme } from './gem.js';
import { genericScheme } from './generic.js';
import { mavenScheme } from './maven.js';
import { nugetScheme } from './nuget.js';
import { pep440Scheme } from './pep440.js';
import { rpmScheme } from './rpm.js';
import type { VersionScheme } from './scheme.js';
import { goScheme, semverScheme } from './semver.js';

export { VersionError, type VersionScheme } from './scheme.js';
export {
  alpmScheme,
  datetimeScheme,
  lexicographicScheme,
  debianScheme,
  gemScheme,
  genericScheme,
  goScheme,
  mavenScheme,
  nugetScheme,
  pep440Scheme,
  rpmScheme,
  semverScheme,
};

/** Version schemes by vers scheme / purl type. */
const SCHEMES: Readonly<Record<string, VersionScheme>> = {
  npm: semverScheme,
  cargo: semverScheme,
  semver: semverScheme,
  golang: goScheme,
  pypi: pep440Scheme,
  maven: mavenScheme,
  nuget: nugetScheme,
  gem: gemScheme,
  deb: debianScheme,
  rpm: rpmScheme,
  alpm: alpmScheme,
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
