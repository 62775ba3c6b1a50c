import type {
  Acknowledgment,
  AdvisoryProduct,
  AdvisoryVulnerability,
  StatementStatus,
} from '@clearinghouse/shared';
import { findCwe } from './cwe.js';
import { parseCvss, type Cvss } from './cvss.js';
import { findPurl, type Purl } from '@clearinghouse/shared/matching';
import { SSVC_TREE } from './ssvc.js';
import { parseVers, VersError, type Vers } from '@clearinghouse/shared/matching';
import { VersionError } from '@clearinghouse/shared/matching';

/**
 * CVE JSON 5.1 records, rendered from one vulnerability of an advisory.
 *
 * `buildCveRecord` gives the whole record (PUBLISHED), as it appears on cve.org; `buildCnaContainer`
 * gives only the CNA container, which is what CVE Services takes from a CNA (`POST /cve/{id}/cna`,
 * body `{ "cnaContainer": … }`); the service adds the metadata itself.
 *
 * Whatever the advisory says that the record format cannot carry (a `>` lower bound, a free-text
 * range, a malformed CVSS vector, text over the format's length limits…) is left out or shortened and
 * reported in `problems`, so the caller can show it before publishing. A vulnerability without a CVE id
 * cannot become a record at all: that is refused with `Cve5Error`.
 */

export class Cve5Error extends Error {
  override name = 'Cve5Error';
}

// ---- the subset of the CVE JSON 5.1 record format written here ------------------------------

export type Cve5Status = 'affected' | 'unaffected' | 'unknown';

export interface Cve5Version {
  version: string;
  status: Cve5Status;
  versionType?: string;
  lessThan?: string;
  lessThanOrEqual?: string;
}

export interface Cve5Affected {
  vendor: string;
  product: string;
  collectionURL?: string;
  packageName?: string;
  repo?: string;
  cpes?: string[];
  versions?: Cve5Version[];
  defaultStatus: Cve5Status;
}

export interface Cve5Text {
  lang: string;
  value: string;
}

export interface Cve5CvssMetric {
  version: string;
  vectorString: string;
  baseScore: number;
  baseSeverity: string;
}

export interface Cve5Metric {
  format?: string;
  scenarios?: Cve5Text[];
  cvssV3_0?: Cve5CvssMetric;
  cvssV3_1?: Cve5CvssMetric;
  cvssV4_0?: Cve5CvssMetric;
  other?: { type: string; content: Record<string, unknown> };
}

export interface Cve5Reference {
  url: string;
  name?: string;
  tags?: string[];
}

export interface Cve5ProblemType {
  descriptions: { lang: string; cweId?: string; type?: string; description: string }[];
}

export interface Cve5Credit {
  lang: string;
  value: string;
  type: 'finder';
}

export interface Cve5TimelineEvent {
  time: string;
  lang: string;
  value: string;
}

export interface Cve5CnaContainer {
  providerMetadata: { orgId: string; shortName: string; dateUpdated: string };
  title: string;
  datePublic: string;
  descriptions: Cve5Text[];
  affected: Cve5Affected[];
  problemTypes?: Cve5ProblemType[];
  metrics?: Cve5Metric[];
  solutions?: Cve5Text[];
  workarounds?: Cve5Text[];
  exploits?: Cve5Text[];
  references: Cve5Reference[];
  credits?: Cve5Credit[];
  timeline?: Cve5TimelineEvent[];
}

export interface Cve5Record {
  dataType: 'CVE_RECORD';
  dataVersion: '5.1';
  cveMetadata: {
    cveId: string;
    assignerOrgId: string;
    assignerShortName: string;
    state: 'PUBLISHED';
    datePublished: string;
    dateUpdated: string;
  };
  containers: { cna: Cve5CnaContainer };
}

// ---- input and result -------------------------------------------------------------------------

export interface CveRecordInput {
  /** The CVE id; when null or absent, the vulnerability's own. The two must agree when both are set. */
  cveId?: string | null;
  vulnerability: AdvisoryVulnerability;
  /** The advisory's product tree; only products with a status for this vulnerability are used. */
  products: readonly AdvisoryProduct[];
  /** The released advisory, listed first among the references as the vendor advisory. */
  advisoryUrl: string | null;
  acknowledgments: readonly Acknowledgment[];
  /** Our CNA: its CVE Program organization UUID and short name (from configuration). */
  assigner: { orgId: string; shortName: string };
  datePublished: string | Date;
  dateUpdated: string | Date;
  /** When the vulnerability became public; defaults to `datePublished`. */
  datePublic?: string | Date | null;
  /** Extra timeline events (discovery, report, fix…), in any order. */
  timeline?: readonly { time: string | Date; value: string }[];
}

/** Something the advisory says that the record does not carry, or carries only in part. */
export interface Cve5Problem {
  /** Where in the input: `vulnerability.cvss31`, `products.<key>.range`, … */
  path: string;
  message: string;
}

export interface CveRecordResult {
  record: Cve5Record;
  problems: Cve5Problem[];
}

export interface CnaContainerResult {
  /** `{ cnaContainer }` is the body CVE Services takes. */
  cnaContainer: Cve5CnaContainer;
  problems: Cve5Problem[];
}

// ---- limits of the format (CVE JSON 5.1 schema) ------------------------------------------------

const MAX_TITLE = 256;
const MAX_TEXT = 4096;
const MAX_REFERENCE_NAME = 512;
const MAX_REFERENCES = 512;

/**
 * Package collections for purl types, as listed among the schema's examples of `collectionURL`, and
 * how the purl's namespace and name make the package's name in that collection.
 */
const COLLECTIONS: Readonly<Record<string, { url: string; join: '/' | ':' | null }>> = {
  npm: { url: 'https://registry.npmjs.org', join: '/' },
  pypi: { url: 'https://pypi.python.org', join: null },
  maven: { url: 'https://repo.maven.apache.org/maven2', join: ':' },
  gem: { url: 'https://rubygems.org', join: null },
  cargo: { url: 'https://crates.io', join: null },
  nuget: { url: 'https://nuget.org/packages', join: null },
  golang: { url: 'https://golang.org/pkg', join: '/' },
  composer: { url: 'https://packagist.org', join: '/' },
  hex: { url: 'https://repo.hex.pm', join: null },
  pub: { url: 'https://pub.dev', join: null },
  hackage: { url: 'https://hackage.haskell.org', join: null },
  cran: { url: 'https://cran.r-project.org', join: null },
  cocoapods: { url: 'https://cocoapods.org', join: null },
  conan: { url: 'https://conan.io/center', join: null },
  docker: { url: 'https://hub.docker.com', join: '/' },
  github: { url: 'https://github.com', join: '/' },
  bitbucket: { url: 'https://bitbucket.org', join: '/' },
};

/** Source-hosting purl types whose package is also its repository. */
const REPO_HOSTS: Readonly<Record<string, string>> = {
  github: 'https://github.com',
  bitbucket: 'https://bitbucket.org',
  gitlab: 'https://gitlab.com',
};

/**
 * vers schemes → CVE `versionType`, the comparison the range is read with. The schema names `semver`,
 * `maven`, `python`, `rpm`, `git` and `custom`; Go module versions and Cargo, Hex and Pub versions are
 * semantic versions.
 */
const VERSION_TYPES: Readonly<Record<string, string>> = {
  semver: 'semver',
  npm: 'semver',
  cargo: 'semver',
  golang: 'semver',
  hex: 'semver',
  pub: 'semver',
  maven: 'maven',
  pypi: 'python',
  rpm: 'rpm',
};

const STATUS: Readonly<Record<StatementStatus, Cve5Status>> = {
  affected: 'affected',
  fixed: 'unaffected',
  not_affected: 'unaffected',
  under_investigation: 'unknown',
};

const SSVC_LABELS = {
  exploitation: { none: 'none', public_poc: 'poc', active: 'active' },
  automatable: { no: 'no', yes: 'yes' },
  technicalImpact: { partial: 'partial', total: 'total' },
  missionWellbeing: { low: 'low', medium: 'medium', high: 'high' },
  decision: { track: 'Track', track_star: 'Track*', attend: 'Attend', act: 'Act' },
} as const;

// ---- building ---------------------------------------------------------------------------------

/** The full CVE JSON 5.1 record (state PUBLISHED) for one vulnerability. Throws `Cve5Error`. */
export function buildCveRecord(input: CveRecordInput): CveRecordResult {
  const { cveId, cnaContainer, problems } = build(input);
  const dateUpdated = timestamp(input.dateUpdated, 'dateUpdated');
  const record: Cve5Record = {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: {
      cveId,
      assignerOrgId: input.assigner.orgId,
      assignerShortName: input.assigner.shortName,
      state: 'PUBLISHED',
      datePublished: timestamp(input.datePublished, 'datePublished'),
      dateUpdated,
    },
    containers: { cna: cnaContainer },
  };
  return { record, problems };
}

/** The CNA container alone, for CVE Services (`{ cnaContainer }` is the request body). Throws `Cve5Error`. */
export function buildCnaContainer(input: CveRecordInput): CnaContainerResult {
  const { cnaContainer, problems } = build(input);
  return { cnaContainer, problems };
}

function build(input: CveRecordInput): {
  cveId: string;
  cnaContainer: Cve5CnaContainer;
  problems: Cve5Problem[];
} {
  const v = input.vulnerability;
  const cveId = resolveCveId(input.cveId ?? null, v.cveId);
  const problems: Cve5Problem[] = [];
  const problem = (path: string, message: string): void => {
    problems.push({ path, message });
  };

  const dateUpdated = timestamp(input.dateUpdated, 'dateUpdated');
  const datePublic = timestamp(input.datePublic ?? input.datePublished, 'datePublic');

  const title = clip(v.title, MAX_TITLE, 'vulnerability.title', 'title', problem);
  const description = clip(
    v.notes.trim() === '' ? v.title : v.notes.trim(),
    MAX_TEXT,
    'vulnerability.notes',
    'description',
    problem,
  );

  const affected = buildAffected(v, input.products, problem);
  if (affected.length === 0) {
    problem(
      'vulnerability.statuses',
      'A CVE record needs at least one product: no product has a status for this vulnerability.',
    );
  }

  const problemTypes = buildProblemTypes(v);
  const metrics = buildMetrics(v, cveId, dateUpdated, problem);
  const solutions = remediationTexts(v, ['vendor_fix', 'none_available', 'no_fix_planned'], problem);
  const workarounds = remediationTexts(v, ['workaround', 'mitigation'], problem);
  const since = v.exploitedSince === null ? '' : ` since ${v.exploitedSince}`;
  const exploits = v.exploited
    ? [{ lang: 'en', value: `This vulnerability is known to be exploited${since}.` }]
    : [];
  const references = buildReferences(input.advisoryUrl, v, problem);
  const credits = buildCredits(input.acknowledgments, problem);
  const timeline = buildTimeline(input.timeline ?? [], v, problem);

  // Built in one literal so that the JSON lists the members in the schema's order.
  const cna: Cve5CnaContainer = {
    providerMetadata: { orgId: input.assigner.orgId, shortName: input.assigner.shortName, dateUpdated },
    title,
    datePublic,
    descriptions: [{ lang: 'en', value: description }],
    affected,
    ...(problemTypes === undefined ? {} : { problemTypes }),
    ...(metrics.length === 0 ? {} : { metrics }),
    ...(solutions.length === 0 ? {} : { solutions }),
    ...(workarounds.length === 0 ? {} : { workarounds }),
    ...(exploits.length === 0 ? {} : { exploits }),
    references,
    ...(credits.length === 0 ? {} : { credits }),
    ...(timeline.length === 0 ? {} : { timeline }),
  };
  return { cveId, cnaContainer: cna, problems };
}

function resolveCveId(given: string | null, own: string | null): string {
  const id = given ?? own;
  if (id === null) {
    throw new Cve5Error('A CVE record needs a CVE id: reserve one for the vulnerability first.');
  }
  if (given !== null && own !== null && given !== own) {
    throw new Cve5Error(`The CVE id ${given} is not the vulnerability's own (${own}).`);
  }
  if (!/^CVE-\d{4}-\d{4,19}$/.test(id)) throw new Cve5Error(`"${id}" is not a CVE id.`);
  return id;
}

function timestamp(value: string | Date, what: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Cve5Error(`${what} is not a date: ${String(value)}`);
  return date.toISOString();
}

function clip(
  text: string,
  max: number,
  path: string,
  what: string,
  problem: (path: string, message: string) => void,
): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  problem(path, `The ${what} is longer than the ${String(max)} characters a CVE record allows; it is cut.`);
  return `${chars.slice(0, max - 1).join('')}…`;
}

// ---- affected products ------------------------------------------------------------------------

function buildAffected(
  v: AdvisoryVulnerability,
  products: readonly AdvisoryProduct[],
  problem: (path: string, message: string) => void,
): Cve5Affected[] {
  const byKey = new Map(products.map((p) => [p.key, p]));
  const groups = new Map<string, Cve5Affected>();
  const seenVersions = new Map<Cve5Affected, Set<string>>();

  for (const [index, entry] of v.statuses.entries()) {
    const product = byKey.get(entry.productKey);
    if (product === undefined) {
      problem(`vulnerability.statuses.${String(index)}`, `No product has the key ${entry.productKey}.`);
      continue;
    }
    const path = `products.${product.key}`;
    const status = STATUS[entry.status];
    const purl = product.purl === null ? undefined : findPurl(product.purl);
    if (product.purl !== null && purl === undefined) {
      problem(`${path}.purl`, `"${product.purl}" is not a valid package URL; it is left out.`);
    }
    const pkg = purl === undefined ? undefined : packageOf(purl);

    const groupKey = JSON.stringify([
      product.vendor,
      product.product,
      pkg?.collectionURL ?? null,
      pkg?.packageName ?? null,
    ]);
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { vendor: product.vendor, product: product.product, defaultStatus: 'unknown' };
      if (pkg?.collectionURL !== undefined) group.collectionURL = pkg.collectionURL;
      if (pkg?.packageName !== undefined) group.packageName = pkg.packageName;
      if (pkg?.repo !== undefined) group.repo = pkg.repo;
      groups.set(groupKey, group);
      seenVersions.set(group, new Set());
    }

    if (product.cpe !== null) {
      if (/^cpe:2\.3:[aho*-]:|^cpe:\/[aho]?:/i.test(product.cpe)) {
        group.cpes ??= [];
        if (!group.cpes.includes(product.cpe)) group.cpes.push(product.cpe);
      } else {
        problem(`${path}.cpe`, `"${product.cpe}" is not a CPE 2.3 or 2.2 name; it is left out.`);
      }
    }
    if (product.modelNumbers.length > 0) {
      problem(
        `${path}.modelNumbers`,
        'A CVE record has no place for model numbers; name the models in the product or description.',
      );
    }

    let versions: Cve5Version[];
    if (product.version !== null) {
      versions = [{ version: product.version, status }];
    } else if (product.range !== null) {
      versions = rangeVersions(product.range, status, `${path}.range`, problem);
    } else {
      // No version information: the status holds for every version of the product.
      if (group.defaultStatus !== 'unknown' && group.defaultStatus !== status) {
        problem(path, `${product.product} is listed both as ${group.defaultStatus} and as ${status}.`);
      } else {
        group.defaultStatus = status;
      }
      continue;
    }
    const seen = seenVersions.get(group) ?? new Set<string>();
    for (const version of versions) {
      const key = JSON.stringify(version);
      if (seen.has(key)) continue;
      seen.add(key);
      group.versions ??= [];
      group.versions.push(version);
    }
  }
  // Members in the schema's order, whatever order they were found in.
  return [...groups.values()].map(
    ({ vendor, product, collectionURL, packageName, repo, cpes, versions, defaultStatus }) => ({
      vendor,
      product,
      ...(collectionURL === undefined ? {} : { collectionURL }),
      ...(packageName === undefined ? {} : { packageName }),
      ...(repo === undefined ? {} : { repo }),
      ...(cpes === undefined ? {} : { cpes }),
      ...(versions === undefined ? {} : { versions }),
      defaultStatus,
    }),
  );
}

interface PackageLocation {
  collectionURL?: string;
  packageName?: string;
  repo?: string;
}

function packageOf(purl: Purl): PackageLocation {
  const location: PackageLocation = {};
  const collection = COLLECTIONS[purl.type];
  if (collection !== undefined) {
    location.collectionURL = collection.url;
    location.packageName =
      purl.namespace !== null && collection.join !== null
        ? `${purl.namespace}${collection.join}${purl.name}`
        : purl.name;
  }
  const host = REPO_HOSTS[purl.type];
  if (host !== undefined && purl.namespace !== null) {
    location.repo = `${host}/${purl.namespace}/${purl.name}`;
  }
  return location;
}

/**
 * A `vers:` range as CVE version entries: each `>=a` … `<b` (or `<=b`) pair becomes one entry from a;
 * a leading `<b` starts from version `0`; a trailing `>=a` runs to `*` (every later version); `=v` is
 * that version alone. A `>` lower bound and `!=` exclusions have no CVE form and are reported.
 */
function rangeVersions(
  range: string,
  status: Cve5Status,
  path: string,
  problem: (path: string, message: string) => void,
): Cve5Version[] {
  if (!range.trim().toLowerCase().startsWith('vers:')) {
    problem(
      path,
      `The range "${range}" is not a vers: URI, so its versions cannot be written; write it as vers:<type>/<constraints>.`,
    );
    return [];
  }
  let vers: Vers;
  try {
    vers = parseVers(range);
  } catch (error) {
    if (!(error instanceof VersError) && !(error instanceof VersionError)) throw error;
    problem(path, `The range "${range}" cannot be read: ${error.message}.`);
    return [];
  }

  const versionType = VERSION_TYPES[vers.scheme] ?? 'custom';
  if (versionType === 'custom') {
    problem(
      path,
      `CVE records name no version ordering for vers scheme ${vers.scheme}; the range is written with versionType "custom".`,
    );
  }
  const span = (from: string, upper: Pick<Cve5Version, 'lessThan' | 'lessThanOrEqual'>): Cve5Version => ({
    version: from,
    status,
    ...upper,
    versionType,
  });

  if (vers.constraints === '*') return [span('0', { lessThan: '*' })];

  const versions: Cve5Version[] = [];
  /** The pending lower bound: its version, or null after a `>` that cannot be written. */
  let lower: string | null | undefined;
  for (const c of vers.constraints) {
    switch (c.comparator) {
      case '=':
        versions.push({ version: c.version, status });
        break;
      case '!=':
        problem(
          path,
          `A CVE record cannot exclude one version from a range (!=${c.version}); it is left out.`,
        );
        break;
      case '>=':
      case '>':
        if (lower !== undefined) {
          problem(path, `The range has two lower bounds in a row; the one before ${c.version} is ignored.`);
        }
        if (c.comparator === '>') {
          problem(
            path,
            `A CVE record cannot start a range after a version (>${c.version}), only at one; that range is left out.`,
          );
          lower = null;
        } else {
          lower = c.version;
        }
        break;
      case '<':
      case '<=':
        if (lower !== null) {
          versions.push(
            span(
              lower ?? '0',
              c.comparator === '<' ? { lessThan: c.version } : { lessThanOrEqual: c.version },
            ),
          );
        }
        lower = undefined;
        break;
    }
  }
  if (typeof lower === 'string') versions.push(span(lower, { lessThan: '*' }));
  return versions;
}

// ---- weakness, metrics, remediations ------------------------------------------------------------

function buildProblemTypes(v: AdvisoryVulnerability): Cve5ProblemType[] | undefined {
  if (v.cwe === null) return undefined;
  const entry = findCwe(v.cwe);
  const cweId = entry?.id ?? v.cwe;
  return [
    {
      descriptions: [
        {
          lang: 'en',
          cweId,
          description: entry === undefined ? cweId : `${cweId} ${entry.name}`,
          type: 'CWE',
        },
      ],
    },
  ];
}

const CVSS_KEYS = { '3.0': 'cvssV3_0', '3.1': 'cvssV3_1', '4.0': 'cvssV4_0' } as const;

function buildMetrics(
  v: AdvisoryVulnerability,
  cveId: string,
  dateUpdated: string,
  problem: (path: string, message: string) => void,
): Cve5Metric[] {
  const cvss: Cve5Metric = {};
  for (const field of ['cvss31', 'cvss40'] as const) {
    const vector = v[field];
    if (vector === null) continue;
    const parsed = parseCvss(vector);
    if (!parsed.ok) {
      problem(`vulnerability.${field}`, `The CVSS vector is left out: ${parsed.problems.join(' ')}`);
      continue;
    }
    const key = CVSS_KEYS[parsed.value.version];
    if (cvss[key] !== undefined) {
      problem(`vulnerability.${field}`, `A second CVSS ${parsed.value.version} vector is left out.`);
      continue;
    }
    cvss[key] = cvssMetric(parsed.value);
  }

  const metrics: Cve5Metric[] = [];
  if (Object.keys(cvss).length > 0) {
    metrics.push({ format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }], ...cvss });
  }
  if (v.ssvc !== null) {
    const s = v.ssvc;
    metrics.push({
      other: {
        type: 'ssvc',
        content: {
          id: cveId,
          timestamp: dateUpdated,
          role: SSVC_TREE.name,
          version: SSVC_TREE.version,
          options: [
            { Exploitation: SSVC_LABELS.exploitation[s.exploitation] },
            { Automatable: SSVC_LABELS.automatable[s.automatable] },
            { 'Technical Impact': SSVC_LABELS.technicalImpact[s.technicalImpact] },
            { 'Mission and Well-being': SSVC_LABELS.missionWellbeing[s.missionWellbeing] },
          ],
          decision: SSVC_LABELS.decision[s.decision],
          vector: s.vector,
        },
      },
    });
  }
  return metrics;
}

function cvssMetric(cvss: Cvss): Cve5CvssMetric {
  return {
    version: cvss.version,
    vectorString: cvss.vector,
    // The schema lists the scores to one decimal; keep binary noise out.
    baseScore: Math.round(cvss.baseScore * 10) / 10,
    baseSeverity: cvss.severity,
  };
}

function remediationTexts(
  v: AdvisoryVulnerability,
  categories: readonly string[],
  problem: (path: string, message: string) => void,
): Cve5Text[] {
  const texts: Cve5Text[] = [];
  for (const [index, r] of v.remediations.entries()) {
    if (!categories.includes(r.category)) continue;
    const value = clip(
      r.details,
      MAX_TEXT,
      `vulnerability.remediations.${String(index)}`,
      'remediation',
      problem,
    );
    if (!texts.some((t) => t.value === value)) texts.push({ lang: 'en', value });
  }
  return texts;
}

// ---- references, credits, timeline ------------------------------------------------------------

function buildReferences(
  advisoryUrl: string | null,
  v: AdvisoryVulnerability,
  problem: (path: string, message: string) => void,
): Cve5Reference[] {
  const references = new Map<string, Cve5Reference>();
  const add = (url: string, reference: Omit<Cve5Reference, 'url'>): void => {
    const existing = references.get(url);
    if (existing === undefined) {
      references.set(url, { url, ...reference });
      return;
    }
    for (const tag of reference.tags ?? []) {
      existing.tags ??= [];
      if (!existing.tags.includes(tag)) existing.tags.push(tag);
    }
  };

  if (advisoryUrl !== null) add(advisoryUrl, { tags: ['vendor-advisory'] });
  for (const [index, r] of v.references.entries()) {
    add(r.url, {
      name: clip(
        r.summary,
        MAX_REFERENCE_NAME,
        `vulnerability.references.${String(index)}`,
        'reference name',
        problem,
      ),
      ...(r.category === 'self' ? { tags: ['vendor-advisory'] } : {}),
    });
  }
  for (const r of v.remediations) {
    if (r.url === null) continue;
    add(r.url, { tags: [r.category === 'vendor_fix' ? 'patch' : 'mitigation'] });
  }

  const list = [...references.values()];
  if (list.length === 0) {
    problem('vulnerability.references', 'A CVE record needs at least one reference, such as the advisory.');
  }
  if (list.length > MAX_REFERENCES) {
    problem(
      'vulnerability.references',
      `A CVE record holds at most ${String(MAX_REFERENCES)} references; the rest are left out.`,
    );
  }
  return list.slice(0, MAX_REFERENCES);
}

function buildCredits(
  acknowledgments: readonly Acknowledgment[],
  problem: (path: string, message: string) => void,
): Cve5Credit[] {
  const values: string[] = [];
  for (const [index, ack] of acknowledgments.entries()) {
    const org = ack.organization;
    const names =
      ack.names.length > 0
        ? ack.names.map((n) => (org === null ? n : `${n} (${org})`))
        : org === null
          ? []
          : [org];
    for (const name of names) {
      const value = clip(name, MAX_TEXT, `acknowledgments.${String(index)}`, 'credit', problem);
      if (!values.includes(value)) values.push(value);
    }
  }
  return values.map((value) => ({ lang: 'en', value, type: 'finder' }));
}

function buildTimeline(
  events: readonly { time: string | Date; value: string }[],
  v: AdvisoryVulnerability,
  problem: (path: string, message: string) => void,
): Cve5TimelineEvent[] {
  const timeline: Cve5TimelineEvent[] = events.map((e, index) => ({
    time: timestamp(e.time, `timeline.${String(index)}.time`),
    lang: 'en',
    value: clip(e.value, MAX_TEXT, `timeline.${String(index)}`, 'timeline event', problem),
  }));
  if (v.exploited && v.exploitedSince !== null) {
    timeline.push({
      time: timestamp(`${v.exploitedSince}T00:00:00.000Z`, 'vulnerability.exploitedSince'),
      lang: 'en',
      value: 'Exploitation first known',
    });
  }
  const unique = timeline.filter(
    (e, i) => timeline.findIndex((o) => o.time === e.time && o.value === e.value) === i,
  );
  return unique.sort((a, b) => a.time.localeCompare(b.time));
}
