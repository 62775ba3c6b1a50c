import semver from 'semver';
import { type VersionScheme, VersionError } from './scheme.js';

function strict(v: string): semver.SemVer {
  const parsed = semver.parse(v);
  if (parsed === null) throw new VersionError(`invalid semantic version ${JSON.stringify(v)}`);
  return parsed;
}

/** Semantic Versioning 2.0 (npm, crates.io); build metadata is ignored in ordering. */
export const semverScheme: VersionScheme = {
  name: 'semver',
  compare: (a, b) => semver.compare(strict(a), strict(b)),
  isValid: (v) => semver.parse(v) !== null,
};

/** Go module versions: `v` + semver; `+incompatible` is build metadata and ignored in ordering. */
function goVersion(v: string): semver.SemVer {
  if (!v.startsWith('v')) throw new VersionError(`Go version ${JSON.stringify(v)} lacks the v prefix`);
  return strict(v.slice(1));
}

export const goScheme: VersionScheme = {
  name: 'golang',
  compare: (a, b) => semver.compare(goVersion(a), goVersion(b)),
  isValid: (v) => v.startsWith('v') && semver.parse(v.slice(1)) !== null,
};
