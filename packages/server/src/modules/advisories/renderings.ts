import type { AdvisoryContent } from '@clearinghouse/shared';
import { buildCveRecord, type Cve5Record } from '../../formats/cve5.js';
import type { KevEntryInput } from '../../formats/kev.js';
import { buildOsvRecords, osvRecordId, type OsvRecord } from '../../formats/osv.js';
import { normalizeOsvPackageName, osvPackageFromPurl } from '@clearinghouse/shared/matching';
import type { OsvPackageRow } from './advisories.repository.js';

/** What publication needs from configuration. */
export interface PublicationSettings {
  publicUrl: string;
  publisherName: string;
  publisherNamespace: string;
  contact: string;
  advisoryIdPrefix: string;
  osvIdPrefix: string;
  cveAssigner: { orgId: string; shortName: string };
  cveServicesEnabled: boolean;
  generator: { name: string; version: string };
}

export interface RenderedOsv {
  /** Which vulnerability of the advisory: its case vulnerability id, or `#<index>`. */
  key: string;
  /** Null when the vulnerability names no package (purl) that OSV can carry. */
  record: OsvRecord | null;
  problems: string[];
  packages: OsvPackageRow[];
}

/** KEV lists a vulnerability this many days after it is added (CISA's usual due date for agencies). */
const KEV_DUE_DAYS = 21;

/**
 * One OSV record per vulnerability that affects packages. `idFor` gives the id kept from an
 * earlier release; a new one is assigned by the caller (the placeholder here is replaced).
 */
export function renderOsvRecords(
  settings: PublicationSettings,
  content: AdvisoryContent,
  advisory: { ref: string; selfUrl: string },
  idFor: (key: string) => string | undefined,
  now: Date,
): RenderedOsv[] {
  return content.vulnerabilities.map((v, i) => {
    const key = v.caseVulnerabilityId ?? `#${i}`;
    const at = now.toISOString();
    const { record, problems } = buildOsvRecords({
      id: idFor(key) ?? osvRecordId(`${settings.osvIdPrefix}-0000-0000`),
      published: at,
      modified: at,
      aliases: v.cveId ? [v.cveId] : [],
      vulnerability: v,
      products: content.products,
      advisoryUrl: advisory.selfUrl,
      credits: content.acknowledgments,
    });
    const packages: OsvPackageRow[] = [];
    for (const a of record.affected ?? []) {
      if (!a.package) continue;
      const fromPurl = a.package.purl ? osvPackageFromPurl(a.package.purl) : undefined;
      packages.push({
        ecosystem: a.package.ecosystem,
        name: normalizeOsvPackageName(a.package.ecosystem, a.package.name),
        purl: fromPurl?.ok ? (fromPurl.package.purl ?? null) : (a.package.purl ?? null),
      });
    }
    return {
      key,
      record: packages.length > 0 ? record : null,
      problems: problems.map((p) => (p.productKey ? `${p.productKey}: ${p.message}` : p.message)),
      packages,
    };
  });
}

export interface RenderedCve {
  cveId: string;
  record: Cve5Record | null;
  problems: string[];
  /** The KEV entry when the vulnerability is known to be exploited. */
  kev: KevEntryInput | null;
}

/** One CVE 5.1 record per vulnerability with a CVE id. */
export function renderCveRecords(
  settings: PublicationSettings,
  content: AdvisoryContent,
  advisory: { selfUrl: string },
  now: Date,
): RenderedCve[] {
  return content.vulnerabilities.flatMap((v) => {
    if (!v.cveId) return [];
    const { record, problems } = buildCveRecord({
      cveId: v.cveId,
      vulnerability: v,
      products: content.products,
      advisoryUrl: advisory.selfUrl || null,
      acknowledgments: content.acknowledgments,
      assigner: settings.cveAssigner,
      datePublished: now,
      dateUpdated: now,
    });
    const affectedKeys = new Set(
      v.statuses.filter((s) => s.status !== 'not_affected').map((s) => s.productKey),
    );
    const first = content.products.find((p) => affectedKeys.has(p.key)) ?? content.products[0];
    const fix = v.remediations.find((r) => r.category === 'vendor_fix') ?? v.remediations[0];
    const added = v.exploitedSince ?? now.toISOString().slice(0, 10);
    const kev: KevEntryInput | null = v.exploited
      ? {
          cveId: v.cveId,
          vendorProject: first?.vendor ?? settings.publisherName,
          product: first?.product ?? content.title,
          vulnerabilityName: v.title,
          dateAdded: now,
          shortDescription: (v.notes || content.summary || v.title).slice(0, 2000),
          requiredAction: fix
            ? `${fix.details}${fix.url ? ` (${fix.url})` : ''}`
            : 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
          dueDate: new Date(Date.parse(`${added}T00:00:00Z`) + KEV_DUE_DAYS * 86_400_000),
          knownRansomwareCampaignUse: 'Unknown',
          notes: advisory.selfUrl ? [advisory.selfUrl] : [],
          cwes: v.cwe ? [v.cwe] : [],
        }
      : null;
    return [{ cveId: v.cveId, record, problems: problems.map((p) => `${p.path}: ${p.message}`), kev }];
  });
}
