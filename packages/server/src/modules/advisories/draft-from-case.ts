import type {
  AdvisoryContent,
  AdvisoryProduct,
  AdvisoryProfile,
  AdvisoryVulnerability,
  Case,
  ProductStatusEntry,
  Remediation,
  VendorStatement,
} from '@clearinghouse/shared';

/**
 * The first draft of an advisory, from what the case knows: its vulnerabilities with their scores,
 * and the approved vendor statements as the product tree, product status and vendor fixes.
 * A vendor statement's free-text "affected versions" becomes a range (a `vers:` URI when the vendor
 * gave one); each fixed version becomes a product of its own with status fixed.
 * Only approved statements are used: an unapproved one has not been checked by a coordinator.
 */
export function draftFromCase(c: Case, profile: AdvisoryProfile): AdvisoryContent {
  const products = new ProductCatalog();
  const statements = c.statements.filter((s) => s.approvedAt !== null);
  const vulnerabilities = c.vulnerabilities.map((v): AdvisoryVulnerability => {
    const statuses: ProductStatusEntry[] = [];
    const remediations: Remediation[] = [];
    for (const s of statements.filter((st) => st.vulnerabilityId === v.id)) {
      mapStatement(s, products, statuses, remediations);
    }
    return {
      caseVulnerabilityId: v.id,
      cveId: v.cveId,
      title: v.title,
      notes: v.description,
      cwe: v.cwe?.id ?? null,
      cvss31: v.cvss31?.vector ?? null,
      cvss40: v.cvss40?.vector ?? null,
      ssvc: v.ssvc,
      exploited: v.ssvc?.exploitation === 'active',
      exploitedSince: null,
      statuses: dedupeStatuses(statuses),
      remediations,
      references: [],
    };
  });
  const credit = c.reporterCredit;
  return {
    title: c.title,
    profile,
    tlp: c.tlp,
    summary: c.summary,
    details: '',
    products: products.all(),
    vulnerabilities,
    references: [],
    acknowledgments: credit
      ? [{ names: [credit], organization: null, summary: 'for reporting this vulnerability' }]
      : [],
  };
}

function mapStatement(
  s: VendorStatement,
  products: ProductCatalog,
  statuses: ProductStatusEntry[],
  remediations: Remediation[],
): void {
  const vendor = s.organization.name;
  const affectedPart = versionsOf(s.affectedVersions);
  const base = { vendor, product: s.product, purl: s.purl, cpe: s.cpe };
  const text = s.statement;

  if (s.status === 'fixed') {
    // The versions that were affected need the fix; without them, the fix is told on the product.
    const needing = affectedPart ? [products.key({ ...base, ...affectedPart })] : [];
    for (const key of needing)
      statuses.push({ productKey: key, status: 'affected', justification: null, statement: text });
    const fixedKeys = s.fixedVersions.map((version) => products.key({ ...base, version, range: null }));
    for (const key of fixedKeys)
      statuses.push({ productKey: key, status: 'fixed', justification: null, statement: '' });
    const targets = needing.length > 0 ? needing : fixedKeys;
    if (targets.length > 0) {
      remediations.push({
        category: 'vendor_fix',
        details:
          s.fixedVersions.length > 0
            ? `Update ${s.product} to ${s.fixedVersions.join(' or ')}.${text ? ` ${text}` : ''}`
            : text || `Apply the vendor's patch for ${s.product}.`,
        url: s.patches[0]?.url ?? null,
        productKeys: targets,
      });
    }
    return;
  }
  const key = products.key({ ...base, ...(affectedPart ?? { version: null, range: null }) });
  statuses.push({
    productKey: key,
    status: s.status,
    justification: s.status === 'not_affected' ? s.justification : null,
    statement: text,
  });
}

/** "vers:npm/<1.4.2" stays a range; "1.2.3" is one version; any other text is a range as written. */
function versionsOf(text: string): { version: string | null; range: string | null } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^[0-9A-Za-z][0-9A-Za-z.+_~:-]*$/.test(t) && /\d/.test(t)) return { version: t, range: null };
  return { version: null, range: t };
}

function dedupeStatuses(list: ProductStatusEntry[]): ProductStatusEntry[] {
  const seen = new Map<string, ProductStatusEntry>();
  for (const s of list) if (!seen.has(s.productKey)) seen.set(s.productKey, s);
  return [...seen.values()];
}

/** Gives each distinct product (vendor, name, version or range, identifiers) one key: CHP-1, CHP-2 … */
class ProductCatalog {
  private readonly byIdentity = new Map<string, AdvisoryProduct>();

  key(p: {
    vendor: string;
    product: string;
    version: string | null;
    range: string | null;
    purl: string | null;
    cpe: string | null;
  }): string {
    const purl = p.purl ? withVersion(p.purl, p.version) : null;
    const identity = JSON.stringify([p.vendor, p.product, p.version, p.range, purl, p.cpe]);
    const found = this.byIdentity.get(identity);
    if (found) return found.key;
    const product: AdvisoryProduct = {
      key: `CHP-${this.byIdentity.size + 1}`,
      vendor: p.vendor,
      product: p.product,
      version: p.version,
      range: p.range,
      purl,
      cpe: p.cpe,
      modelNumbers: [],
    };
    this.byIdentity.set(identity, product);
    return product.key;
  }

  all(): AdvisoryProduct[] {
    return [...this.byIdentity.values()];
  }
}

/** A purl names one version only for a product of one version; a range's product keeps the bare purl. */
function withVersion(purl: string, version: string | null): string {
  const bare = purl.replace(/[?#].*$/, '').replace(/@[^/]*$/, '');
  const rest = purl.slice(purl.replace(/[?#].*$/, '').length);
  return version ? `${bare}@${encodeURIComponent(version)}${rest}` : `${bare}${rest}`;
}
