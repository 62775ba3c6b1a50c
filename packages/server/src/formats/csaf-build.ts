import type {
  AdvisoryContent,
  AdvisoryProduct,
  AdvisoryReference,
  AdvisoryVulnerability,
  ProductStatusEntry,
  StatementStatus,
  Tlp,
  VexJustification,
} from '@clearinghouse/shared';
import { parseCvss } from './cvss.js';
import { findCwe } from './cwe.js';

/**
 * Renders the neutral advisory content (`AdvisoryContent`) as a CSAF 2.0 document.
 *
 * The builder maps what the content says and nothing more. Where a profile needs something the content
 * lacks (a vulnerability without notes, a VEX statement without a CVE, a known_affected product without an
 * action statement, no products at all) the part is left out, so that `validateCsaf` reports it rather
 * than the document carrying invented facts. Two values the content may hold are dropped because CSAF
 * cannot carry them: a CWE id the catalogue does not know (the schema needs its name) and a CVSS v3
 * vector that does not parse (the schema needs its score); both are checked when the content is edited.
 *
 * The output is deterministic: keys are written in one fixed order, lists keep the content's order
 * (products grouped by vendor and product name in order of first appearance), duplicates are removed,
 * and the revision history is sorted by number. Empty lists and absent optional values are left out,
 * as the strict schema rejects empty arrays.
 */

// ---- CSAF 2.0 types ------------------------------------------------------------------------------

/** The profiles (`csaf_base`, `csaf_security_advisory`, `csaf_vex`, …) or any other category name. */
export type CsafDocumentCategory = string;
export type CsafTlpLabel = 'WHITE' | 'GREEN' | 'AMBER' | 'RED';
export type CsafTrackingStatus = 'draft' | 'interim' | 'final';
export type CsafPublisherCategory = 'coordinator' | 'discoverer' | 'other' | 'translator' | 'user' | 'vendor';
export type CsafNoteCategory =
  'description' | 'details' | 'faq' | 'general' | 'legal_disclaimer' | 'other' | 'summary';
export type CsafBranchCategory =
  | 'architecture'
  | 'host_name'
  | 'language'
  | 'legacy'
  | 'patch_level'
  | 'product_family'
  | 'product_name'
  | 'product_version'
  | 'product_version_range'
  | 'service_pack'
  | 'specification'
  | 'vendor';
export type CsafRelationshipCategory =
  | 'default_component_of'
  | 'external_component_of'
  | 'installed_on'
  | 'installed_with'
  | 'optional_component_of';
export type CsafFlagLabel = VexJustification;
export type CsafThreatCategory = 'exploit_status' | 'impact' | 'target_set';
export type CsafRemediationCategory =
  'mitigation' | 'no_fix_planned' | 'none_available' | 'vendor_fix' | 'workaround';
export type CsafCvssSeverity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface CsafNote {
  category: CsafNoteCategory;
  text: string;
  title?: string;
  audience?: string;
}

export interface CsafReference {
  category?: 'external' | 'self';
  summary: string;
  url: string;
}

export interface CsafAcknowledgment {
  names?: string[];
  organization?: string;
  summary?: string;
  urls?: string[];
}

export interface CsafPublisher {
  category: CsafPublisherCategory;
  name: string;
  namespace: string;
  contact_details?: string;
  issuing_authority?: string;
}

export interface CsafRevision {
  date: string;
  number: string;
  summary: string;
  legacy_version?: string;
}

export interface CsafGenerator {
  engine: { name: string; version?: string };
  date?: string;
}

export interface CsafTracking {
  id: string;
  status: CsafTrackingStatus;
  version: string;
  revision_history: CsafRevision[];
  initial_release_date: string;
  current_release_date: string;
  generator?: CsafGenerator;
  aliases?: string[];
}

export interface CsafDistribution {
  text?: string;
  tlp?: { label: CsafTlpLabel; url?: string };
}

export interface CsafDocumentSection {
  category: CsafDocumentCategory;
  csaf_version: '2.0';
  title: string;
  lang?: string;
  source_lang?: string;
  publisher: CsafPublisher;
  distribution?: CsafDistribution;
  aggregate_severity?: { namespace?: string; text: string };
  tracking: CsafTracking;
  notes?: CsafNote[];
  references?: CsafReference[];
  acknowledgments?: CsafAcknowledgment[];
}

export interface CsafFileHash {
  algorithm: string;
  value: string;
}

export interface CsafProductIdentificationHelper {
  cpe?: string;
  hashes?: { filename: string; file_hashes: CsafFileHash[] }[];
  model_numbers?: string[];
  purl?: string;
  sbom_urls?: string[];
  serial_numbers?: string[];
  skus?: string[];
  x_generic_uris?: { namespace: string; uri: string }[];
}

export interface CsafFullProductName {
  product_id: string;
  name: string;
  product_identification_helper?: CsafProductIdentificationHelper;
}

/** A branch has exactly one of `branches` and `product` (the schema's three properties). */
export interface CsafBranch {
  category: CsafBranchCategory;
  name: string;
  branches?: CsafBranch[];
  product?: CsafFullProductName;
}

export interface CsafRelationship {
  category: CsafRelationshipCategory;
  product_reference: string;
  relates_to_product_reference: string;
  full_product_name: CsafFullProductName;
}

export interface CsafProductGroup {
  group_id: string;
  product_ids: string[];
  summary?: string;
}

export interface CsafProductTree {
  branches?: CsafBranch[];
  full_product_names?: CsafFullProductName[];
  relationships?: CsafRelationship[];
  product_groups?: CsafProductGroup[];
}

export interface CsafProductStatus {
  first_affected?: string[];
  first_fixed?: string[];
  fixed?: string[];
  known_affected?: string[];
  known_not_affected?: string[];
  last_affected?: string[];
  recommended?: string[];
  under_investigation?: string[];
}

export interface CsafFlag {
  label: CsafFlagLabel;
  date?: string;
  group_ids?: string[];
  product_ids?: string[];
}

export interface CsafThreat {
  category: CsafThreatCategory;
  details: string;
  date?: string;
  group_ids?: string[];
  product_ids?: string[];
}

export interface CsafRemediation {
  category: CsafRemediationCategory;
  details: string;
  date?: string;
  entitlements?: string[];
  group_ids?: string[];
  product_ids?: string[];
  restart_required?: { category: string; details?: string };
  url?: string;
}

/** The FIRST CVSS v3.x JSON object, with the properties CSAF requires. */
export interface CsafCvssV3 {
  version: '3.0' | '3.1';
  vectorString: string;
  baseScore: number;
  baseSeverity: CsafCvssSeverity;
  [metric: string]: unknown;
}

export interface CsafScore {
  products: string[];
  cvss_v2?: Record<string, unknown>;
  cvss_v3?: CsafCvssV3;
}

export interface CsafVulnerability {
  cve?: string;
  cwe?: { id: string; name: string };
  title?: string;
  ids?: { system_name: string; text: string }[];
  discovery_date?: string;
  release_date?: string;
  notes?: CsafNote[];
  product_status?: CsafProductStatus;
  flags?: CsafFlag[];
  threats?: CsafThreat[];
  remediations?: CsafRemediation[];
  scores?: CsafScore[];
  references?: CsafReference[];
  acknowledgments?: CsafAcknowledgment[];
  involvements?: { party: string; status: string; date?: string; summary?: string }[];
}

export interface CsafDocument {
  document: CsafDocumentSection;
  product_tree?: CsafProductTree;
  vulnerabilities?: CsafVulnerability[];
}

// ---- builder input -------------------------------------------------------------------------------

export interface CsafRevisionInput {
  number: number;
  /** ISO 8601 date-time. */
  date: string;
  summary: string;
}

/** What a CSAF document needs beyond the advisory content: its identity, history and publisher. */
export interface CsafDocumentMeta {
  trackingId: string;
  status: CsafTrackingStatus;
  /** Integer versioning: revision 1 is "1". */
  version: number;
  revisionHistory: readonly CsafRevisionInput[];
  initialReleaseDate: string;
  currentReleaseDate: string;
  publisher: {
    name: string;
    /** The publisher's URL. */
    namespace: string;
    category: CsafPublisherCategory;
    contactDetails?: string;
    issuingAuthority?: string;
  };
  generator?: { name: string; version: string; date?: string };
  /** Default `en`. */
  lang?: string;
  /** Where the document is published: becomes the `self` reference. */
  selfUrl?: string;
}

// ---- mapping tables --------------------------------------------------------------------------

/** TLP 2.0 → the TLP 1.0 labels of CSAF 2.0. AMBER+STRICT has no equivalent; AMBER is the nearest. */
export const CSAF_TLP_LABELS: Readonly<Record<Tlp, CsafTlpLabel>> = {
  CLEAR: 'WHITE',
  GREEN: 'GREEN',
  AMBER: 'AMBER',
  'AMBER+STRICT': 'AMBER',
  RED: 'RED',
};

export const CSAF_TLP_URL = 'https://www.first.org/tlp/';

/** The distribution text of an AMBER+STRICT document, which CSAF 2.0 can label only AMBER. */
export const AMBER_STRICT_TEXT =
  'TLP:AMBER+STRICT (TLP 2.0). Recipients may share this information only within their own ' +
  'organization, not with its clients. CSAF 2.0 has no label for it, so the document is labelled AMBER.';

const PRODUCT_STATUS_OF: Readonly<Record<StatementStatus, keyof CsafProductStatus>> = {
  affected: 'known_affected',
  not_affected: 'known_not_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
};

/** The order of product_status lists in the output. */
const PRODUCT_STATUS_ORDER = [
  'known_affected',
  'known_not_affected',
  'fixed',
  'under_investigation',
] as const;

// ---- helpers ---------------------------------------------------------------------------------

/** The list, or undefined when empty, so that the key is left out. */
const nonEmpty = <T>(items: readonly T[]): T[] | undefined => (items.length > 0 ? [...items] : undefined);

const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];

/** A copy without the keys whose value is undefined; key order is kept. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Appends `key` to the list stored under `group`, keeping the groups in order of first appearance. */
function addTo<K>(groups: Map<K, string[]>, group: K, key: string): void {
  const list = groups.get(group);
  if (list === undefined) groups.set(group, [key]);
  else if (!list.includes(key)) list.push(key);
}

// ---- document --------------------------------------------------------------------------------

function documentNotes(content: AdvisoryContent): CsafNote[] {
  const notes: CsafNote[] = [];
  if (content.summary !== '') notes.push({ category: 'summary', text: content.summary, title: 'Summary' });
  if (content.details !== '') notes.push({ category: 'details', text: content.details, title: 'Details' });
  return notes;
}

function references(refs: readonly AdvisoryReference[], selfUrl?: string): CsafReference[] {
  const out: CsafReference[] = [];
  const seen = new Set<string>();
  if (selfUrl !== undefined) {
    out.push({ category: 'self', summary: 'This CSAF document', url: selfUrl });
    seen.add(selfUrl);
  }
  for (const ref of refs) {
    if (seen.has(ref.url)) continue;
    seen.add(ref.url);
    out.push({ category: ref.category, summary: ref.summary, url: ref.url });
  }
  return out;
}

function acknowledgments(content: AdvisoryContent): CsafAcknowledgment[] {
  return content.acknowledgments
    .map((a) =>
      compact<CsafAcknowledgment>({
        names: nonEmpty(unique(a.names)),
        organization: a.organization ?? undefined,
        summary: a.summary === '' ? undefined : a.summary,
      }),
    )
    .filter((a) => Object.keys(a).length > 0);
}

function tracking(meta: CsafDocumentMeta): CsafTracking {
  const revisions = [...meta.revisionHistory]
    .sort((a, b) => a.number - b.number)
    .map((r) => ({ date: r.date, number: String(r.number), summary: r.summary }));
  const generator =
    meta.generator === undefined
      ? undefined
      : compact<CsafGenerator>({
          engine: { name: meta.generator.name, version: meta.generator.version },
          date: meta.generator.date,
        });
  return compact<CsafTracking>({
    id: meta.trackingId,
    status: meta.status,
    version: String(meta.version),
    revision_history: revisions,
    initial_release_date: meta.initialReleaseDate,
    current_release_date: meta.currentReleaseDate,
    generator,
  });
}

function documentSection(content: AdvisoryContent, meta: CsafDocumentMeta): CsafDocumentSection {
  const { publisher } = meta;
  return compact<CsafDocumentSection>({
    category: content.profile,
    csaf_version: '2.0',
    title: content.title,
    lang: meta.lang ?? 'en',
    publisher: compact<CsafPublisher>({
      category: publisher.category,
      name: publisher.name,
      namespace: publisher.namespace,
      contact_details: publisher.contactDetails,
      issuing_authority: publisher.issuingAuthority,
    }),
    distribution: compact<CsafDistribution>({
      text: content.tlp === 'AMBER+STRICT' ? AMBER_STRICT_TEXT : undefined,
      tlp: { label: CSAF_TLP_LABELS[content.tlp], url: CSAF_TLP_URL },
    }),
    tracking: tracking(meta),
    notes: nonEmpty(documentNotes(content)),
    references: nonEmpty(references(content.references, meta.selfUrl)),
    acknowledgments: nonEmpty(acknowledgments(content)),
  });
}

// ---- product tree ----------------------------------------------------------------------------

function fullProductName(product: AdvisoryProduct): CsafFullProductName {
  const variant = product.version ?? product.range;
  const helper = compact<CsafProductIdentificationHelper>({
    purl: product.purl ?? undefined,
    cpe: product.cpe ?? undefined,
    model_numbers: nonEmpty(unique(product.modelNumbers)),
  });
  return compact<CsafFullProductName>({
    product_id: product.key,
    name: [product.vendor, product.product, variant].filter((s) => s !== null).join(' '),
    product_identification_helper: Object.keys(helper).length > 0 ? helper : undefined,
  });
}

/**
 * vendor → product_name → product_version | product_version_range → product. A product with neither a
 * version nor a range is its product_name branch. A branch holds either child branches or a product, so
 * such a product gets a product_name branch of its own beside the one holding the versions.
 */
function productBranches(products: readonly AdvisoryProduct[]): CsafBranch[] {
  const vendors = new Map<string, Map<string, AdvisoryProduct[]>>();
  for (const product of products) {
    let names = vendors.get(product.vendor);
    if (names === undefined) {
      names = new Map();
      vendors.set(product.vendor, names);
    }
    const list = names.get(product.product);
    if (list === undefined) names.set(product.product, [product]);
    else list.push(product);
  }
  return [...vendors].map(([vendor, names]) => ({
    category: 'vendor',
    name: vendor,
    branches: [...names].flatMap(([name, list]): CsafBranch[] => {
      const leaves = list.filter((p) => p.version === null && p.range === null);
      const versions = list.flatMap((p): CsafBranch[] => {
        if (p.version !== null)
          return [{ category: 'product_version', name: p.version, product: fullProductName(p) }];
        if (p.range !== null)
          return [{ category: 'product_version_range', name: p.range, product: fullProductName(p) }];
        return [];
      });
      return [
        ...leaves.map((p): CsafBranch => ({ category: 'product_name', name, product: fullProductName(p) })),
        ...(versions.length > 0 ? [{ category: 'product_name' as const, name, branches: versions }] : []),
      ];
    }),
  }));
}

// ---- vulnerabilities -------------------------------------------------------------------------

function productStatus(statuses: readonly ProductStatusEntry[]): CsafProductStatus | undefined {
  const lists = new Map<keyof CsafProductStatus, string[]>();
  for (const entry of statuses) addTo(lists, PRODUCT_STATUS_OF[entry.status], entry.productKey);
  const status: CsafProductStatus = {};
  for (const key of PRODUCT_STATUS_ORDER) {
    const list = lists.get(key);
    if (list !== undefined) status[key] = list;
  }
  return Object.keys(status).length > 0 ? status : undefined;
}

function flags(statuses: readonly ProductStatusEntry[]): CsafFlag[] {
  const byLabel = new Map<VexJustification, string[]>();
  for (const entry of statuses) {
    if (entry.status === 'not_affected' && entry.justification !== null) {
      addTo(byLabel, entry.justification, entry.productKey);
    }
  }
  return [...byLabel].map(([label, productIds]) => ({ label, product_ids: productIds }));
}

function threats(vulnerability: AdvisoryVulnerability): CsafThreat[] {
  const impacts = new Map<string, string[]>();
  for (const entry of vulnerability.statuses) {
    if (entry.status === 'not_affected' && entry.statement !== '')
      addTo(impacts, entry.statement, entry.productKey);
  }
  const out: CsafThreat[] = [...impacts].map(([details, productIds]) => ({
    category: 'impact',
    details,
    product_ids: productIds,
  }));
  if (vulnerability.exploited) {
    out.push(
      compact<CsafThreat>({
        category: 'exploit_status',
        details:
          vulnerability.exploitedSince === null
            ? 'Exploited in the wild.'
            : `Exploited in the wild since ${vulnerability.exploitedSince}.`,
        date:
          vulnerability.exploitedSince === null ? undefined : `${vulnerability.exploitedSince}T00:00:00.000Z`,
      }),
    );
  }
  return out;
}

function remediations(vulnerability: AdvisoryVulnerability): CsafRemediation[] {
  return vulnerability.remediations.map((r) =>
    compact<CsafRemediation>({
      category: r.category,
      details: r.details,
      url: r.url ?? undefined,
      product_ids: unique(r.productKeys),
    }),
  );
}

function scores(vulnerability: AdvisoryVulnerability, status: CsafProductStatus | undefined): CsafScore[] {
  if (vulnerability.cvss31 === null) return [];
  const products = unique([...(status?.known_affected ?? []), ...(status?.fixed ?? [])]);
  const parsed = parseCvss(vulnerability.cvss31);
  if (products.length === 0 || !parsed.ok) return [];
  const { version, vector, baseScore, severity } = parsed.value;
  if (version === '4.0') return [];
  return [{ cvss_v3: { version, vectorString: vector, baseScore, baseSeverity: severity }, products }];
}

function vulnerabilityNotes(vulnerability: AdvisoryVulnerability): CsafNote[] {
  const notes: CsafNote[] = [];
  if (vulnerability.notes !== '') {
    notes.push({ category: 'description', text: vulnerability.notes, title: 'Description' });
  }
  if (vulnerability.cvss40 !== null)
    notes.push({ category: 'other', text: vulnerability.cvss40, title: 'CVSS v4.0' });
  if (vulnerability.ssvc !== null)
    notes.push({ category: 'other', text: vulnerability.ssvc.vector, title: 'SSVC' });
  return notes;
}

function vulnerability(v: AdvisoryVulnerability): CsafVulnerability {
  const cwe = v.cwe === null ? undefined : findCwe(v.cwe);
  const status = productStatus(v.statuses);
  return compact<CsafVulnerability>({
    cve: v.cveId ?? undefined,
    cwe: cwe === undefined ? undefined : { id: cwe.id, name: cwe.name },
    title: v.title,
    notes: nonEmpty(vulnerabilityNotes(v)),
    product_status: status,
    flags: nonEmpty(flags(v.statuses)),
    threats: nonEmpty(threats(v)),
    remediations: nonEmpty(remediations(v)),
    scores: nonEmpty(scores(v, status)),
    references: nonEmpty(references(v.references)),
  });
}

// ---- entry point -----------------------------------------------------------------------------

/** The CSAF 2.0 document of an advisory's content, to be checked with `validateCsaf` before release. */
export function buildCsafDocument(content: AdvisoryContent, meta: CsafDocumentMeta): CsafDocument {
  const branches = productBranches(content.products);
  return compact<CsafDocument>({
    document: documentSection(content, meta),
    product_tree: branches.length > 0 ? { branches } : undefined,
    vulnerabilities: nonEmpty(content.vulnerabilities.map(vulnerability)),
  });
}
