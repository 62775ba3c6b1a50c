import { normalizeCweId } from './cwe.js';

/**
 * A catalog of known exploited vulnerabilities in the shape of CISA's KEV catalog
 * (`known_exploited_vulnerabilities.json`, described by CISA's
 * `known_exploited_vulnerabilities_schema.json`), so that tools reading CISA's feed can read ours.
 *
 * Field names, types and formats are CISA's: `dateReleased` is a date-time (ISO 8601, UTC, with
 * milliseconds); `dateAdded` and `dueDate` are dates (YYYY-MM-DD); `count` is an integer, the number of
 * entries; `knownRansomwareCampaignUse` is `Known` or `Unknown`; `notes` is one string; `cwes` is a
 * list of `CWE-<n>` ids. Entries are listed newest `dateAdded` first, as in CISA's feed; entries
 * added the same day keep their input order.
 */

export const KEV_RANSOMWARE_USE = ['Known', 'Unknown'] as const;
export type KevRansomwareUse = (typeof KEV_RANSOMWARE_USE)[number];

export interface KevEntryInput {
  cveId: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  /** A date (YYYY-MM-DD) or a time, of which the UTC date is used. */
  dateAdded: string | Date;
  shortDescription: string;
  requiredAction: string;
  dueDate: string | Date;
  /** True, `'Known'`: used in a ransomware campaign; anything else is `'Unknown'`. */
  knownRansomwareCampaignUse?: boolean | KevRansomwareUse | null;
  /** Joined with ` ; ` as CISA does; typically reference URLs. */
  notes?: string | readonly string[] | null;
  /** CWE ids; `CWE-79`, `79` and `cwe-079` are all written `CWE-79`. */
  cwes?: readonly string[] | null;
}

export interface KevVulnerability {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  dueDate: string;
  knownRansomwareCampaignUse: KevRansomwareUse;
  notes: string;
  cwes: string[];
}

export interface KevCatalog {
  title: string;
  catalogVersion: string;
  dateReleased: string;
  count: number;
  vulnerabilities: KevVulnerability[];
}

export interface KevCatalogInput {
  title: string;
  /** CISA writes the release date, `2025.08.25`; any string is kept as given. */
  catalogVersion: string;
  dateReleased: string | Date;
  entries: readonly KevEntryInput[];
}

export class KevError extends Error {
  override name = 'KevError';
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;

/** Builds the catalog; throws `KevError` for a malformed CVE id, date or CWE id. */
export function buildKevCatalog(input: KevCatalogInput): KevCatalog {
  const vulnerabilities = input.entries
    .map((entry, index) => ({ vulnerability: kevVulnerability(entry, index), index }))
    // Array.prototype.sort is stable, and the index makes that explicit.
    .sort((a, b) => b.vulnerability.dateAdded.localeCompare(a.vulnerability.dateAdded) || a.index - b.index)
    .map(({ vulnerability }) => vulnerability);
  return {
    title: input.title,
    catalogVersion: input.catalogVersion,
    dateReleased: dateTime(input.dateReleased, 'dateReleased'),
    count: vulnerabilities.length,
    vulnerabilities,
  };
}

function kevVulnerability(entry: KevEntryInput, index: number): KevVulnerability {
  const at = `entries[${String(index)}]`;
  const cveID = entry.cveId.trim();
  if (!CVE_ID.test(cveID)) throw new KevError(`${at}.cveId: "${entry.cveId}" is not a CVE id`);
  const ransomware = entry.knownRansomwareCampaignUse;
  return {
    cveID,
    vendorProject: entry.vendorProject,
    product: entry.product,
    vulnerabilityName: entry.vulnerabilityName,
    dateAdded: date(entry.dateAdded, `${at}.dateAdded`),
    shortDescription: entry.shortDescription,
    requiredAction: entry.requiredAction,
    dueDate: date(entry.dueDate, `${at}.dueDate`),
    knownRansomwareCampaignUse: ransomware === true || ransomware === 'Known' ? 'Known' : 'Unknown',
    notes: typeof entry.notes === 'string' ? entry.notes : (entry.notes ?? []).join(' ; '),
    cwes: cweIds(entry.cwes ?? [], `${at}.cwes`),
  };
}

function date(value: string | Date, at: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const parsed = new Date(`${value}T00:00:00.000Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)) return value;
    throw new KevError(`${at}: "${value}" is not a calendar date`);
  }
  return dateTime(value, at).slice(0, 10);
}

function dateTime(value: string | Date, at: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new KevError(`${at}: "${String(value)}" is not a date`);
  return parsed.toISOString();
}

function cweIds(ids: readonly string[], at: string): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const normalized = normalizeCweId(id);
    if (normalized === undefined) throw new KevError(`${at}: "${id}" is not a CWE id`);
    if (!out.includes(normalized)) out.push(normalized);
  }
  return out;
}
