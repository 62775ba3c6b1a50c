import type { AdvisoryContent, Tlp, VulnerabilitySummary } from '@clearinghouse/shared';
import type { KnownProduct, KnownVulnerability, OsvRecord } from '@clearinghouse/shared/matching';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { parseCvss } from '../../formats/cvss.js';
import { readCsafSummary } from '../../formats/csaf-read.js';

/**
 * What the matcher needs to know of one advisory source — our released advisory, or an imported CSAF
 * document or OSV record: who may read it, its products and per-vulnerability statuses (or OSV
 * records), and a summary of each vulnerability for ranking. Only released content is ever read here,
 * so nothing under embargo can reach an inventory, a notice or a webhook.
 */
export interface MatchingSource {
  /** `advisory:<id>` or `import:<id>`. */
  id: string;
  kind: 'advisory' | 'csaf' | 'osv';
  refId: string;
  trackingId: string;
  title: string;
  publisher: string;
  url: string | null;
  tlp: Tlp;
  /** AMBER / AMBER+STRICT: the organizations that may read it. null: everyone the label allows. */
  audienceOrgIds: string[] | null;
  /** False when it no longer applies (withdrawn, or a label no organization-wide audience may read). */
  active: boolean;
  products: KnownProduct[];
  vulnerabilities: SourceVulnerability[];
  osv: OsvRecord[];
}

export interface SourceVulnerability {
  known: KnownVulnerability;
  summary: VulnerabilitySummary;
  /** The vendor's fix: what to do and where, for the plain-language action. */
  fix: { details: string; url: string | null } | null;
}

const CSAF_TLP: Readonly<Record<string, Tlp>> = {
  WHITE: 'CLEAR',
  CLEAR: 'CLEAR',
  GREEN: 'GREEN',
  AMBER: 'AMBER',
  'AMBER+STRICT': 'AMBER+STRICT',
  RED: 'RED',
};

export class MatchingSources {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly settings: { publisherName: string },
  ) {}

  /** Our advisory as released (its latest released revision), or undefined when never released. */
  async advisory(advisoryId: string, r: Repositories = this.uow.read): Promise<MatchingSource | undefined> {
    const read = r.advisories;
    const a = await read.findAdvisory(advisoryId);
    if (!a || a.publishedRevision === null || a.published === null) return undefined;
    // One after the other: inside a transaction the statements share one connection.
    const revision = await read.revision(a.id, a.publishedRevision);
    const doc = await read.currentDocumentOf(a.id);
    if (!revision || !doc) return undefined;
    const tlp = a.published.tlp;
    const audience =
      tlp === 'AMBER'
        ? [...doc.audience.orgIds, ...doc.audience.clientOrgIds]
        : tlp === 'AMBER+STRICT'
          ? [...doc.audience.orgIds]
          : null;
    return {
      id: `advisory:${a.id}`,
      kind: 'advisory',
      refId: a.id,
      trackingId: a.ref,
      title: a.published.title,
      publisher: this.settings.publisherName,
      url: `/advisories/${a.ref}`,
      tlp,
      audienceOrgIds: audience,
      // TLP:RED reaches named people only: it never becomes an organization's exposure.
      active: tlp !== 'RED',
      ...fromContent(a.ref, revision.content, (a.releasedAt ?? doc.publishedAt).slice(0, 10)),
      osv: [],
    };
  }

  /** An imported CSAF document or OSV record. */
  async imported(importId: string, r: Repositories = this.uow.read): Promise<MatchingSource | undefined> {
    const d = await r.advisories.importedDocument(importId);
    if (!d) return undefined;
    const tlp = CSAF_TLP[d.tlp.toUpperCase()] ?? 'RED';
    // Imported AMBER/RED documents were shared with the clearinghouse, not with its members.
    const active = d.valid && (tlp === 'CLEAR' || tlp === 'GREEN');
    const base = {
      id: `import:${d.id}`,
      refId: d.id,
      trackingId: d.trackingId,
      title: d.title,
      publisher: d.publisher,
      url: d.sourceUrl,
      tlp,
      audienceOrgIds: null,
      active,
    };
    if (d.format === 'osv') {
      const record = JSON.parse(d.body) as OsvRecord;
      return { ...base, kind: 'osv', products: [], vulnerabilities: [osvSummary(record)], osv: [record] };
    }
    return { ...base, kind: 'csaf', ...fromCsaf(d.trackingId, JSON.parse(d.body) as unknown), osv: [] };
  }
}

function fromContent(
  ref: string,
  content: AdvisoryContent,
  releasedOn: string,
): Pick<MatchingSource, 'products' | 'vulnerabilities'> {
  const products: KnownProduct[] = content.products.map((p) => ({
    key: p.key,
    name: [p.vendor, p.product, p.version ?? p.range].filter(Boolean).join(' '),
    vendor: p.vendor,
    product: p.product,
    version: p.version,
    range: p.range,
    purl: p.purl,
    cpe: p.cpe,
    modelNumbers: p.modelNumbers,
  }));
  const vulnerabilities = content.vulnerabilities.map((v, i): SourceVulnerability => {
    const key = v.cveId ?? `${ref}#${i + 1}`;
    const keysWith = (status: string) =>
      v.statuses.filter((s) => s.status === status).map((s) => s.productKey);
    const cvss = [v.cvss40, v.cvss31]
      .map((vector) => (vector ? parseCvss(vector) : undefined))
      .find((r) => r?.ok);
    const fix = v.remediations.find((r) => r.category === 'vendor_fix') ?? v.remediations[0];
    return {
      known: {
        vulnKey: key,
        affected: keysWith('affected'),
        fixed: keysWith('fixed'),
        notAffected: keysWith('not_affected'),
      },
      summary: {
        key,
        title: v.title,
        aliases: v.cveId ? [v.cveId] : [],
        cvss:
          cvss?.ok === true
            ? { version: cvss.value.version, vector: cvss.value.vector, score: cvss.value.baseScore }
            : null,
        ssvcDecision: v.ssvc?.decision ?? null,
        exploited: v.exploited,
        // Our KEV catalog lists each exploited CVE of a released advisory (see provider.service).
        kev:
          v.exploited && v.cveId
            ? { dateAdded: v.exploitedSince ?? releasedOn, dueDate: null, ransomware: false }
            : null,
        cwe: v.cwe,
      },
      fix: fix ? { details: fix.details, url: fix.url } : null,
    };
  });
  return { products, vulnerabilities };
}

function fromCsaf(trackingId: string, doc: unknown): Pick<MatchingSource, 'products' | 'vulnerabilities'> {
  const s = readCsafSummary(doc);
  const products: KnownProduct[] = s.products.map((p) => ({
    key: p.productId,
    name: p.name,
    vendor: p.vendor ?? null,
    product: p.product ?? null,
    version: p.version ?? null,
    range: p.range ?? null,
    purl: p.purl ?? null,
    cpe: p.cpe ?? null,
    modelNumbers: p.modelNumbers,
  }));
  const vulnerabilities = s.vulnerabilities.map((v, i): SourceVulnerability => {
    const key = v.cve ?? `${trackingId}#${i + 1}`;
    return {
      known: { vulnKey: key, affected: v.knownAffected, fixed: v.fixed, notAffected: v.knownNotAffected },
      summary: {
        key,
        title: v.title ?? s.title ?? key,
        aliases: v.cve ? [v.cve] : [],
        cvss: v.maxBaseScore === null ? null : { version: '3.1', vector: null, score: v.maxBaseScore },
        ssvcDecision: null,
        exploited: false,
        kev: null,
        cwe: null,
      },
      fix: null,
    };
  });
  return { products, vulnerabilities };
}

function osvSummary(record: OsvRecord): SourceVulnerability {
  const cve = (record.aliases ?? []).find((a) => /^CVE-\d{4}-\d+$/.test(a));
  const key = cve ?? record.id;
  const vector = (record.severity ?? []).find((s) => s.type === 'CVSS_V4' || s.type === 'CVSS_V3')?.score;
  const cvss = vector ? parseCvss(vector) : undefined;
  const fixRef = (record.references ?? []).find((r) => r.type === 'FIX' || r.type === 'ADVISORY');
  return {
    known: { vulnKey: key, affected: [], fixed: [], notAffected: [] },
    summary: {
      key,
      title: record.summary ?? record.id,
      aliases: [record.id, ...(record.aliases ?? [])].filter((a) => a !== key),
      cvss:
        cvss?.ok === true
          ? { version: cvss.value.version, vector: cvss.value.vector, score: cvss.value.baseScore }
          : null,
      ssvcDecision: null,
      exploited: false,
      kev: null,
      cwe: null,
    },
    fix: fixRef ? { details: fixRef.type === 'FIX' ? 'Vendor fix' : 'Advisory', url: fixRef.url } : null,
  };
}
