/**
 * OSV evaluation (https://ossf.github.io/osv-schema/#evaluation): a version is affected when it is in
 * the `versions` list or inside a range. A range's events are sorted by the ecosystem's ordering
 * ('0' first); walking them, `introduced` at or below the version turns "vulnerable" on, and `fixed` at
 * or below / `last_affected` below turn it off. With `limit` events, only versions below some limit
 * are considered. SEMVER ranges use SemVer 2.0 ordering, ECOSYSTEM ranges the ecosystem's own (from
 * `versions/`); GIT ranges are not evaluated for versions (that needs the repository's commit graph),
 * but a commit named as `introduced` or `last_affected`, or listed in `versions`, is matched exactly.
 */
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from './osv-types.js';
import {
  ecosystemBase,
  ecosystemSuffix,
  normalizeOsvPackageName,
  osvPackageFromPurl,
} from './osv-package.js';
import { findPurl } from './purl.js';
import { findVersionScheme, semverScheme, type VersionScheme } from './versions/index.js';

const withoutV = (v: string): string => (v.startsWith('v') ? v.slice(1) : v);

/** Go versions compare as SemVer whether or not they carry the module `v` (OSV writes them without). */
const goOsvScheme: VersionScheme = {
  name: 'go-osv',
  compare: (a, b) => semverScheme.compare(withoutV(a), withoutV(b)),
  isValid: (v) => semverScheme.isValid(withoutV(v)),
};

/** SEMVER ranges: SemVer 2.0, tolerating a leading `v`. */
const semverRangeScheme: VersionScheme = { ...goOsvScheme, name: 'semver-osv' };

/** OSV ecosystem (base) → vers scheme / purl type of the ordering in `versions/`. */
const ECOSYSTEM_ORDERING: Readonly<Record<string, string>> = {
  npm: 'npm',
  'crates.io': 'cargo',
  PyPI: 'pypi',
  Maven: 'maven',
  NuGet: 'nuget',
  RubyGems: 'gem',
  Hex: 'semver',
  Debian: 'deb',
  Ubuntu: 'deb',
  'Red Hat': 'rpm',
  AlmaLinux: 'rpm',
  'Rocky Linux': 'rpm',
  openSUSE: 'rpm',
  SUSE: 'rpm',
  Alpine: 'apk',
};

/**
 * The version ordering of an OSV ecosystem (a `:<release>` suffix is ignored), or undefined when we have
 * none — e.g. Packagist, Pub: for those only the `versions` list is matched.
 */
export function versionSchemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const base = ecosystemBase(ecosystem);
  if (base === 'Go') return goOsvScheme;
  const key = Object.hasOwn(ECOSYSTEM_ORDERING, base) ? ECOSYSTEM_ORDERING[base] : undefined;
  return key === undefined ? undefined : findVersionScheme(key);
}

/** Whether ranges of this ecosystem can be evaluated (ECOSYSTEM type); SEMVER ranges always can. */
export function isEcosystemSupported(ecosystem: string): boolean {
  return versionSchemeForEcosystem(ecosystem) !== undefined;
}

function schemeForRange(range: OsvRange, ecosystem: string | undefined): VersionScheme | undefined {
  switch (range.type) {
    case 'SEMVER':
      return semverRangeScheme;
    case 'ECOSYSTEM':
      return ecosystem === undefined ? undefined : versionSchemeForEcosystem(ecosystem);
    case 'GIT':
      return undefined;
  }
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

function eventOf(e: OsvEvent): { kind: EventKind; version: string } {
  if ('introduced' in e) return { kind: 'introduced', version: e.introduced };
  if ('fixed' in e) return { kind: 'fixed', version: e.fixed };
  if ('last_affected' in e) return { kind: 'last_affected', version: e.last_affected };
  return { kind: 'limit', version: e.limit };
}

/** '0' (introduced from the beginning) sorts first, '*' (no limit) last. */
function compareEventVersions(scheme: VersionScheme, a: string, b: string): number {
  if (a === b) return 0;
  if (a === '0') return -1;
  if (b === '0') return 1;
  if (a === '*') return 1;
  if (b === '*') return -1;
  return scheme.compare(a, b);
}

/** Whether `version` is in the range; false when a version is invalid in the range's ordering. */
function includedInRange(range: OsvRange, version: string, scheme: VersionScheme): boolean {
  try {
    const events = range.events.map(eventOf);
    const limits = events.filter((e) => e.kind === 'limit');
    const beforeLimits =
      limits.length === 0 ||
      limits.some((e) => e.version === '*' || compareEventVersions(scheme, version, e.version) < 0);
    if (!beforeLimits) return false;
    const order: Readonly<Record<EventKind, number>> = {
      introduced: 0,
      last_affected: 1,
      fixed: 2,
      limit: 3,
    };
    const sorted = events
      .filter((e) => e.kind !== 'limit')
      .sort((a, b) => compareEventVersions(scheme, a.version, b.version) || order[a.kind] - order[b.kind]);
    let vulnerable = false;
    for (const e of sorted) {
      const cmp = e.version === '0' ? 1 : scheme.compare(version, e.version);
      if (e.kind === 'introduced' && (e.version === '0' || cmp >= 0)) vulnerable = true;
      else if (e.kind === 'fixed' && cmp >= 0) vulnerable = false;
      else if (e.kind === 'last_affected' && cmp > 0) vulnerable = false;
    }
    return vulnerable;
  } catch {
    return false;
  }
}

function ecosystemOf(affected: OsvAffected): string | undefined {
  return affected.package?.ecosystem;
}

/** Equal as written, or equal in the ecosystem's ordering (Maven 1.0 = 1.0.0; Go v1.2.3 = 1.2.3). */
function sameVersion(a: string, b: string, scheme: VersionScheme | undefined): boolean {
  if (a === b) return true;
  if (scheme === undefined || !scheme.isValid(a) || !scheme.isValid(b)) return false;
  try {
    return scheme.compare(a, b) === 0;
  } catch {
    return false;
  }
}

/**
 * Whether `version` of the affected package is affected: listed in `versions`, or in a SEMVER or
 * ECOSYSTEM range. For an ecosystem without an ordering, only the `versions` list is matched.
 */
export function isVersionAffected(affected: OsvAffected, version: string): boolean {
  const ecosystem = ecosystemOf(affected);
  const scheme = ecosystem === undefined ? undefined : versionSchemeForEcosystem(ecosystem);
  if ((affected.versions ?? []).some((v) => sameVersion(v, version, scheme))) return true;
  for (const range of affected.ranges ?? []) {
    const rangeScheme = schemeForRange(range, ecosystem);
    if (rangeScheme !== undefined && includedInRange(range, version, rangeScheme)) return true;
  }
  return false;
}

/**
 * Whether a commit is affected, in the simple exact case: named as `introduced` or `last_affected` in
 * a GIT range, or listed in `versions`. A `fixed` or `limit` commit is not affected; commits between
 * events are not found (that needs the repository). Full and abbreviated hashes match by prefix of at
 * least 7 hex digits.
 */
export function isCommitAffected(affected: OsvAffected, commit: string): boolean {
  const c = commit.toLowerCase();
  if (!/^[0-9a-f]{7,64}$/.test(c)) return false;
  const same = (x: string): boolean => x.length >= 7 && x.toLowerCase().startsWith(c);
  if ((affected.versions ?? []).some(same)) return true;
  return (affected.ranges ?? []).some(
    (r) =>
      r.type === 'GIT' &&
      r.events.some(
        (e) => ('introduced' in e && same(e.introduced)) || ('last_affected' in e && same(e.last_affected)),
      ),
  );
}

export type OsvPackageQuery = { ecosystem: string; name: string } | { purl: string };

/**
 * Whether the record's package matches the query's. Ecosystems match on their base; a release suffix
 * present on both sides must be equal (a query for `Debian` matches `Debian:12`, a query for `Debian:12`
 * does not match `Debian:11`). Names compare as the ecosystem does (PyPI per PEP 503).
 */
function samePackage(affected: OsvAffected, query: { ecosystem: string; name: string }): boolean {
  const pkg = affected.package;
  if (pkg === undefined) return false;
  if (ecosystemBase(pkg.ecosystem) !== ecosystemBase(query.ecosystem)) return false;
  const a = ecosystemSuffix(pkg.ecosystem);
  const b = ecosystemSuffix(query.ecosystem);
  if (a !== undefined && b !== undefined && a !== b) return false;
  return (
    normalizeOsvPackageName(pkg.ecosystem, pkg.name) === normalizeOsvPackageName(query.ecosystem, query.name)
  );
}

/** The record's affected entries for a package (by ecosystem and name, or by purl). */
export function affectedEntriesFor(record: OsvRecord, pkg: OsvPackageQuery): OsvAffected[] {
  const resolved = resolveQuery(pkg);
  if (resolved === undefined) return [];
  return (record.affected ?? []).filter((a) => samePackage(a, resolved.pkg));
}

function resolveQuery(
  pkg: OsvPackageQuery,
): { pkg: { ecosystem: string; name: string }; version: string | null } | undefined {
  if (!('purl' in pkg)) return { pkg, version: null };
  const purl = findPurl(pkg.purl);
  if (purl === undefined) return undefined;
  const osv = osvPackageFromPurl(purl);
  if (!osv.ok) return undefined;
  return { pkg: osv.package, version: purl.version };
}

/**
 * Whether the record affects the package at `version` (for a purl query, defaulting to the purl's
 * version). Without any version, whether the record lists the package at all.
 */
export function affectedBy(record: OsvRecord, pkg: OsvPackageQuery, version?: string): boolean {
  const resolved = resolveQuery(pkg);
  if (resolved === undefined) return false;
  const entries = (record.affected ?? []).filter((a) => samePackage(a, resolved.pkg));
  const v = version ?? resolved.version;
  if (v === null) return entries.length > 0;
  return entries.some((a) => isVersionAffected(a, v));
}

/** Whether any affected entry of the record names the commit (see `isCommitAffected`). */
export function affectedByCommit(record: OsvRecord, commit: string): boolean {
  return (record.affected ?? []).some((a) => isCommitAffected(a, commit));
}
