/**
 * OSV 1.7 records (https://ossf.github.io/osv-schema/) rendered from the neutral advisory model: one
 * record per vulnerability of a released advisory. Affected packages come from the products that carry
 * a purl and whose status is `affected` or `fixed`; their `vers:` ranges become OSV events, and the
 * versions of `fixed` products close ranges left open. Whatever OSV cannot express exactly is left out
 * and reported in `problems`, never approximated.
 */
import type {
  Acknowledgment,
  AdvisoryProduct,
  AdvisoryVulnerability,
  Remediation,
} from '@clearinghouse/shared';
import { parseCvss } from './cvss.js';
import {
  ecosystemBase,
  findPurl,
  osvPackageFromPurl,
  parseVers,
  semverScheme,
  versionSchemeForEcosystem,
  type OsvAffected,
  type OsvCredit,
  type OsvEvent,
  type OsvPackage,
  type OsvRange,
  type OsvRangeType,
  type OsvRecord,
  type OsvReference,
  type OsvSeverity,
  type OsvSeverityType,
  type Purl,
  type VersConstraint,
  type VersionScheme,
} from '@clearinghouse/shared/matching';

export {
  ecosystemForPurlType,
  isOsvEcosystem,
  OSV_ECOSYSTEMS,
  osvPackageFromPurl,
  purlTypeForEcosystem,
  type OsvEcosystemName,
  type OsvPackage,
} from '@clearinghouse/shared/matching';

export type {
  OsvAffected,
  OsvCredit,
  OsvCreditType,
  OsvEvent,
  OsvRange,
  OsvRangeType,
  OsvRecord,
  OsvReference,
  OsvReferenceType,
  OsvSeverity,
  OsvSeverityType,
} from '@clearinghouse/shared/matching';

export const OSV_SCHEMA_VERSION = '1.7.0';

// ---- identifiers and timestamps ---------------------------------------------------------

/** The home-database prefixes of OSV schema 1.7 (`$defs.prefix`); `x_` marks an unregistered database. */
const REGISTERED_ID =
  /^(x_|(ASB-A|PUB-A|ALPINE|ALSA|ALBA|ALEA|AZL|BELL|BIT|CGA|CLEANSTART|CLSA|CURL|CVE|DEBIAN|DHI|DRUPAL|DSA|DLA|ELA|DTSA|ECHO|EEF|FreeBSD|GHSA|GO|GSD|HSEC|JLSEC|KUBE|LBSEC|LSN|MAL|MINI|MGASA|OESA|OSEC|OSV|openSUSE-SU|PHSA|PSF|PYSEC|RHBA|RHEA|RHSA|RLSA|RXSA|RSEC|ROOT|RUSTSEC|SUSE-[SRFO]U|UBUNTU|USN|V8)-)/;

/**
 * The OSV id for one of our ids. Our prefix (`CH-`) is not a registered OSV home database, and the
 * official schema accepts only registered prefixes or `x_`; so an unregistered id is served as
 * `x_<id>` (`CH-2026-0042` → `x_CH-2026-0042`) until the prefix is registered.
 */
export function osvRecordId(id: string): string {
  return REGISTERED_ID.test(id) ? id : `x_${id}`;
}

export class OsvError extends Error {
  override name = 'OsvError';
}

const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** RFC 3339 in UTC ending in `Z`, as OSV requires; an offset is converted. Throws `OsvError`. */
function utcTimestamp(value: string, field: string): string {
  if (UTC_TIMESTAMP.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new OsvError(`${field} is not a timestamp: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

// ---- ranges ---------------------------------------------------------------------------

export interface OsvProblem {
  /** The product concerned, or null for the record as a whole. */
  productKey: string | null;
  message: string;
}

/** One affected interval: from `introduced` ('0' = the beginning) to an end, or open. */
interface Interval {
  introduced: string;
  end?: { kind: 'fixed' | 'last_affected'; version: string };
}

interface Slice {
  intervals: Interval[];
  versions: string[];
}

function stripV(v: string): string {
  return v.startsWith('v') ? v.slice(1) : v;
}

/** How a version is written in OSV for the ecosystem: Go module versions lose their `v`. */
function osvVersion(ecosystem: string, version: string): string {
  return ecosystemBase(ecosystem) === 'Go' ? stripV(version) : version;
}

const isLower = (c: VersConstraint['comparator']): boolean => c === '<' || c === '<=';

/** A `vers:` range as intervals and single versions, or the reasons it cannot be expressed. */
function versToSlice(
  range: string,
  purl: Purl,
  ecosystem: string,
): { ok: true; slice: Slice; problems: string[] } | { ok: false; problems: string[] } {
  let vers;
  try {
    vers = parseVers(range);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`range ${JSON.stringify(range)} is not a usable vers: URI (${reason})`] };
  }
  if (vers.scheme !== purl.type) {
    return {
      ok: false,
      problems: [`range ${range} uses vers scheme ${vers.scheme}, but the purl type is ${purl.type}`],
    };
  }
  if (vers.constraints === '*')
    return { ok: true, slice: { intervals: [{ introduced: '0' }], versions: [] }, problems: [] };
  const v = (c: VersConstraint): string => osvVersion(ecosystem, c.version);
  if (vers.constraints.some((c) => c.comparator === '!=')) {
    return {
      ok: false,
      problems: [
        `range ${range} excludes single versions with !=; OSV events cannot leave a hole in a range without naming the next version, which only the registry knows`,
      ],
    };
  }
  const slice: Slice = { intervals: [], versions: [] };
  const problems: string[] = [];
  for (const c of vers.constraints) if (c.comparator === '=') slice.versions.push(v(c));
  const bounds = vers.constraints.filter((c) => c.comparator !== '=');
  let i = 0;
  while (i < bounds.length) {
    const lo = bounds[i];
    if (lo === undefined) break;
    if (isLower(lo.comparator)) {
      if (i !== 0)
        return { ok: false, problems: [`range ${range} has an upper bound without a lower bound`] };
      slice.intervals.push({
        introduced: '0',
        end: { kind: lo.comparator === '<' ? 'fixed' : 'last_affected', version: v(lo) },
      });
      i += 1;
      continue;
    }
    const hi = bounds[i + 1];
    if (hi !== undefined && !isLower(hi.comparator)) {
      return { ok: false, problems: [`range ${range} has two lower bounds in a row`] };
    }
    i += hi === undefined ? 1 : 2;
    if (lo.comparator === '>') {
      problems.push(
        `>${lo.version} in ${range} excludes ${lo.version} itself; OSV's introduced is inclusive and the version after ${lo.version} is not known here, so this interval is left out`,
      );
      continue;
    }
    slice.intervals.push(
      hi === undefined
        ? { introduced: v(lo) }
        : {
            introduced: v(lo),
            end: { kind: hi.comparator === '<' ? 'fixed' : 'last_affected', version: v(hi) },
          },
    );
  }
  return { ok: true, slice, problems };
}

/** The single version a product names: its version, else the purl's. */
function singleVersion(product: AdvisoryProduct, purl: Purl): string | null {
  return product.version ?? purl.version;
}

/** The fixed version a `fixed` product names: a single version, or the bound of a lone `>=` range. */
function fixedVersionOf(product: AdvisoryProduct, purl: Purl, ecosystem: string): string | null {
  const single = singleVersion(product, purl);
  if (single !== null) return osvVersion(ecosystem, single);
  if (product.range === null) return null;
  try {
    const vers = parseVers(product.range);
    if (vers.constraints !== '*' && vers.constraints.length === 1) {
      const c = vers.constraints[0];
      if (c !== undefined && (c.comparator === '>=' || c.comparator === '=')) {
        return osvVersion(ecosystem, c.version);
      }
    }
  } catch {
    // reported as not usable below
  }
  return null;
}

function compareSafe(scheme: VersionScheme, a: string, b: string): number | undefined {
  try {
    return scheme.compare(a, b);
  } catch {
    return undefined;
  }
}

/** Events of intervals, sorted by introduced version where an ordering exists. */
function eventsOf(intervals: Interval[], scheme: VersionScheme | undefined): OsvEvent[] {
  const sorted = [...intervals];
  if (scheme !== undefined) {
    sorted.sort((a, b) => {
      if (a.introduced === b.introduced) return 0;
      if (a.introduced === '0') return -1;
      if (b.introduced === '0') return 1;
      return compareSafe(scheme, a.introduced, b.introduced) ?? 0;
    });
  }
  const events: OsvEvent[] = [];
  for (const interval of sorted) {
    events.push({ introduced: interval.introduced });
    if (interval.end?.kind === 'fixed') events.push({ fixed: interval.end.version });
    if (interval.end?.kind === 'last_affected') events.push({ last_affected: interval.end.version });
  }
  return events;
}

/** SEMVER for npm, crates.io and Go when every version is SemVer 2.0 (or '0'); else ECOSYSTEM. */
function rangeType(ecosystem: string, intervals: Interval[]): OsvRangeType {
  const base = ecosystemBase(ecosystem);
  if (base !== 'npm' && base !== 'crates.io' && base !== 'Go') return 'ECOSYSTEM';
  const all = intervals.flatMap((i) => [i.introduced, ...(i.end === undefined ? [] : [i.end.version])]);
  return all.every((v) => v === '0' || semverScheme.isValid(v)) ? 'SEMVER' : 'ECOSYSTEM';
}

interface PackageGroup {
  pkg: OsvPackage;
  purl: Purl;
  affected: { product: AdvisoryProduct; purl: Purl }[];
  fixed: { product: AdvisoryProduct; purl: Purl }[];
}

function buildAffected(group: PackageGroup, problems: OsvProblem[]): OsvAffected | undefined {
  const { ecosystem } = group.pkg;
  const scheme = versionSchemeForEcosystem(ecosystem);
  const intervals: Interval[] = [];
  const versions: string[] = [];
  for (const { product, purl } of group.affected) {
    const report = (message: string): void => {
      problems.push({ productKey: product.key, message });
    };
    if (product.range !== null) {
      const result = versToSlice(product.range, purl, ecosystem);
      result.problems.forEach(report);
      if (result.ok) {
        intervals.push(...result.slice.intervals);
        versions.push(...result.slice.versions);
      }
      continue;
    }
    const single = singleVersion(product, purl);
    if (single !== null) versions.push(osvVersion(ecosystem, single));
    // A product named without any version stands for every version of it.
    else intervals.push({ introduced: '0' });
  }

  // Fixed products close open intervals: the least fixed version above the interval's start.
  const fixedVersions: { key: string; version: string }[] = [];
  for (const { product, purl } of group.fixed) {
    const version = fixedVersionOf(product, purl, ecosystem);
    if (version === null) {
      if (product.range !== null || product.version !== null) {
        problems.push({
          productKey: product.key,
          message: `fixed range ${String(product.range)} is not a single lower bound (>=); its fixed version is not expressed`,
        });
      }
      continue;
    }
    fixedVersions.push({ key: product.key, version });
  }
  const used = new Set<string>();
  for (const interval of intervals) {
    if (interval.end !== undefined) {
      if (interval.end.kind === 'fixed') used.add(interval.end.version);
      continue;
    }
    if (scheme === undefined) continue;
    let best: string | undefined;
    for (const { version } of fixedVersions) {
      const above =
        interval.introduced === '0' || (compareSafe(scheme, version, interval.introduced) ?? -1) > 0;
      if (!above) continue;
      if (best === undefined || (compareSafe(scheme, version, best) ?? 1) < 0) best = version;
    }
    if (best !== undefined) {
      interval.end = { kind: 'fixed', version: best };
      used.add(best);
    }
  }
  for (const { key, version } of fixedVersions) {
    if (used.has(version)) continue;
    const matched = scheme !== undefined && [...used].some((u) => compareSafe(scheme, u, version) === 0);
    if (matched) continue;
    problems.push({
      productKey: key,
      message:
        scheme === undefined
          ? `fixed version ${version} is not expressed: we have no version ordering for ${ecosystem} to place it`
          : `fixed version ${version} is not expressed: no open affected range of ${group.pkg.name} starts below it`,
    });
  }

  const uniqueVersions = [...new Set(versions)];
  if (intervals.length === 0 && uniqueVersions.length === 0) return undefined;
  const affected: OsvAffected = { package: group.pkg };
  // `fixed` and `last_affected` may not share a range: intervals ending in last_affected get their own.
  const byFixed = intervals.filter((i) => i.end?.kind !== 'last_affected');
  const byLast = intervals.filter((i) => i.end?.kind === 'last_affected');
  const ranges: OsvRange[] = [];
  for (const part of [byFixed, byLast]) {
    if (part.length > 0) ranges.push({ type: rangeType(ecosystem, part), events: eventsOf(part, scheme) });
  }
  if (ranges.length > 0) affected.ranges = ranges;
  if (uniqueVersions.length > 0) affected.versions = uniqueVersions;
  return affected;
}

function groupProducts(
  vulnerability: AdvisoryVulnerability,
  products: readonly AdvisoryProduct[],
  problems: OsvProblem[],
): PackageGroup[] {
  const statusOf = new Map(vulnerability.statuses.map((s) => [s.productKey, s.status]));
  const groups = new Map<string, PackageGroup>();
  for (const product of products) {
    const status = statusOf.get(product.key);
    if (status !== 'affected' && status !== 'fixed') continue;
    if (product.purl === null) {
      if (status === 'affected') {
        problems.push({
          productKey: product.key,
          message: 'affected product has no purl; OSV lists packages only',
        });
      }
      continue;
    }
    const purl = findPurl(product.purl);
    if (purl === undefined) {
      problems.push({ productKey: product.key, message: `purl ${product.purl} is not valid` });
      continue;
    }
    const resolved = osvPackageFromPurl(purl);
    if (!resolved.ok) {
      if (status === 'affected') problems.push({ productKey: product.key, message: resolved.reason });
      continue;
    }
    const key = `${resolved.package.ecosystem}\u0000${resolved.package.name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { pkg: resolved.package, purl, affected: [], fixed: [] };
      groups.set(key, group);
    }
    (status === 'affected' ? group.affected : group.fixed).push({ product, purl });
  }
  return [...groups.values()];
}

// ---- the record -----------------------------------------------------------------------

export interface OsvBuildInput {
  /** Our id of this vulnerability's record, e.g. `CH-2026-0042` (see `osvRecordId`). */
  id: string;
  published: string;
  modified: string;
  withdrawn?: string;
  /** Ids of the same vulnerability elsewhere (the CVE id). The vulnerability's CVE id is added if missing. */
  aliases: string[];
  related?: string[];
  vulnerability: AdvisoryVulnerability;
  /** The advisory's product list. */
  products: AdvisoryProduct[];
  /** The released CSAF document (reference type ADVISORY). */
  advisoryUrl: string;
  credits: Acknowledgment[];
  /** One line; defaults to the vulnerability's title. */
  summary?: string;
  /** Markdown; defaults to the vulnerability's notes. */
  details?: string;
}

export interface OsvBuildResult {
  record: OsvRecord;
  /** What could not be expressed in OSV and was left out. */
  problems: OsvProblem[];
}

function severityOf(vulnerability: AdvisoryVulnerability, problems: OsvProblem[]): OsvSeverity[] {
  const out: OsvSeverity[] = [];
  const add = (vector: string | null, major: '3' | '4', type: OsvSeverityType): void => {
    if (vector === null) return;
    const parsed = parseCvss(vector);
    if (!parsed.ok) {
      problems.push({
        productKey: null,
        message: `CVSS vector ${vector} left out: ${parsed.problems.join(' ')}`,
      });
    } else if (!parsed.value.version.startsWith(major)) {
      problems.push({ productKey: null, message: `CVSS vector ${vector} is not CVSS ${major}.x; left out` });
    } else {
      out.push({ type, score: parsed.value.vector });
    }
  };
  add(vulnerability.cvss31, '3', 'CVSS_V3');
  add(vulnerability.cvss40, '4', 'CVSS_V4');
  return out;
}

function referencesOf(advisoryUrl: string, vulnerability: AdvisoryVulnerability): OsvReference[] {
  const refs: OsvReference[] = [{ type: 'ADVISORY', url: advisoryUrl }];
  const withUrl = (r: Remediation): r is Remediation & { url: string } => r.url !== null;
  const remediations = vulnerability.remediations.filter(withUrl);
  for (const r of remediations) if (r.category === 'vendor_fix') refs.push({ type: 'FIX', url: r.url });
  for (const r of vulnerability.references) {
    refs.push({ type: r.category === 'self' ? 'ADVISORY' : 'WEB', url: r.url });
  }
  for (const r of remediations) if (r.category !== 'vendor_fix') refs.push({ type: 'WEB', url: r.url });
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.url) && Boolean(seen.add(r.url)));
}

function creditsOf(acknowledgments: readonly Acknowledgment[]): OsvCredit[] {
  const credits: OsvCredit[] = [];
  for (const a of acknowledgments) {
    if (a.names.length === 0) {
      if (a.organization !== null) credits.push({ name: a.organization });
      continue;
    }
    for (const name of a.names) {
      credits.push({ name: a.organization === null ? name : `${name} (${a.organization})` });
    }
  }
  return credits;
}

function databaseSpecificOf(vulnerability: AdvisoryVulnerability): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (vulnerability.ssvc !== null) {
    out.ssvc = { vector: vulnerability.ssvc.vector, decision: vulnerability.ssvc.decision };
  }
  if (vulnerability.cwe !== null) out.cwe_ids = [vulnerability.cwe];
  out.exploited = vulnerability.exploited;
  if (vulnerability.exploitedSince !== null) out.exploited_since = vulnerability.exploitedSince;
  return out;
}

/**
 * The OSV record of one vulnerability of a released advisory, and what could not be expressed.
 * Throws `OsvError` for a timestamp that is not one.
 */
export function buildOsvRecords(input: OsvBuildInput): OsvBuildResult {
  const { vulnerability } = input;
  const problems: OsvProblem[] = [];
  const id = osvRecordId(input.id);
  const record: OsvRecord = {
    schema_version: OSV_SCHEMA_VERSION,
    id,
    modified: utcTimestamp(input.modified, 'modified'),
    published: utcTimestamp(input.published, 'published'),
  };
  if (input.withdrawn !== undefined) record.withdrawn = utcTimestamp(input.withdrawn, 'withdrawn');
  const aliases = [...input.aliases, ...(vulnerability.cveId === null ? [] : [vulnerability.cveId])];
  record.aliases = [...new Set(aliases)].filter((a) => a !== id && a !== input.id);
  if (input.related !== undefined && input.related.length > 0) record.related = [...new Set(input.related)];
  record.summary = (input.summary ?? vulnerability.title).trim();
  const details = (input.details ?? vulnerability.notes).trim();
  if (details !== '') record.details = details;
  const severity = severityOf(vulnerability, problems);
  if (severity.length > 0) record.severity = severity;
  record.affected = groupProducts(vulnerability, input.products, problems)
    .map((g) => buildAffected(g, problems))
    .filter((a): a is OsvAffected => a !== undefined);
  record.references = referencesOf(input.advisoryUrl, vulnerability);
  const credits = creditsOf(input.credits);
  if (credits.length > 0) record.credits = credits;
  record.database_specific = databaseSpecificOf(vulnerability);
  return { record, problems };
}
