/**
 * Affect rules from advisories: one rule per identity an advisory names (purl, CPE, model number,
 * vendor + product name) with the versions it covers. `rulesFromOsv` reads an OSV record;
 * `rulesFromProducts` reads the neutral product/vulnerability model (our advisories, imported CSAF).
 */
import { cpeMatchKey, tryParseCpe } from './cpe.js';
import { modelMatchKey, nameMatchKey, packageMatchKey, purlMatchKey, splitPurl } from './match-keys.js';
import { evaluateCondition } from './matcher.js';
import { ecosystemBase, purlTypeForEcosystem } from './osv-package.js';
import type { OsvAffected, OsvRecord } from './osv-types.js';
import type { AffectRule, KnownProduct, KnownVulnerability, VersionCondition } from './types.js';
import { normalizeVers, stringifyVers, type VersComparator, type VersConstraint } from './vers.js';
import { findVersionScheme } from './versions/index.js';

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** rpm namespaces (distributions) of the rpm-based OSV ecosystems, as purls spell them. */
const RPM_NAMESPACE: Readonly<Record<string, string>> = {
  'Red Hat': 'redhat',
  AlmaLinux: 'almalinux',
  'Rocky Linux': 'rocky',
  openSUSE: 'opensuse',
  SUSE: 'suse',
  openEuler: 'openeuler',
  Mageia: 'mageia',
  'Azure Linux': 'azurelinux',
  'Photon OS': 'photon',
};

function splitAt(name: string, index: number): [string | null, string] {
  return index <= 0 ? [null, name] : [name.slice(0, index), name.slice(index + 1)];
}

/** The match key of an OSV package given by ecosystem and name (as its purl would give it), or null. */
export function osvPackageMatchKey(ecosystem: string, name: string): string | null {
  const type = purlTypeForEcosystem(ecosystem);
  if (type === undefined || name === '') return null;
  const base = ecosystemBase(ecosystem);
  let parts: [string | null, string];
  switch (base) {
    case 'Maven':
      parts = splitAt(name, name.indexOf(':'));
      break;
    case 'npm':
      parts = name.startsWith('@') ? splitAt(name, name.indexOf('/')) : [null, name];
      break;
    case 'Go':
    case 'Packagist':
    case 'SwiftURL':
      parts = splitAt(name, name.lastIndexOf('/'));
      break;
    case 'Debian':
    case 'Ubuntu':
      parts = [base.toLowerCase(), name];
      break;
    case 'Alpine':
      parts = ['alpine', name];
      break;
    default:
      parts = [type === 'rpm' ? (RPM_NAMESPACE[base] ?? base.toLowerCase()) : null, name];
  }
  return packageMatchKey(type, parts[0], parts[1]);
}

/** The first `fixed` event of the version ranges (GIT ranges name commits, not versions). */
function firstFixed(affected: OsvAffected): string | null {
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    for (const event of range.events) if ('fixed' in event) return event.fixed;
  }
  return null;
}

/** The vulnerability key of an OSV record: its first CVE alias, else its own id. */
export function osvVulnKey(record: OsvRecord): string {
  if (CVE.test(record.id)) return record.id;
  return (record.aliases ?? []).find((a) => CVE.test(a)) ?? record.id;
}

/** One rule per affected package of the record; none for a withdrawn record. */
export function rulesFromOsv(record: OsvRecord): AffectRule[] {
  if (record.withdrawn !== undefined) return [];
  const vulnKey = osvVulnKey(record);
  const rules: AffectRule[] = [];
  for (const affected of record.affected ?? []) {
    const pkg = affected.package;
    if (pkg === undefined) continue;
    const fromPurl = pkg.purl === undefined ? null : purlMatchKey(pkg.purl);
    const key = fromPurl ?? osvPackageMatchKey(pkg.ecosystem, pkg.name);
    if (key === null) continue;
    rules.push({
      key,
      kind: 'purl',
      condition: {
        type: 'osv',
        ecosystem: pkg.ecosystem,
        ranges: affected.ranges ?? [],
        versions: affected.versions ?? [],
      },
      vulnKey,
      productLabel: pkg.name,
      fixedVersion: firstFixed(affected),
    });
  }
  return dedupeRules(rules);
}

const VERSION = String.raw`(v?\d[\w.+~:-]*)`;
const ALL = /^(?:all|all versions|any|any version|\*)$/;
const BETWEEN = new RegExp(
  String.raw`^(?:from\s+)?${VERSION}\s+(?:-|–|—|to|through|thru|until)\s+(?:and\s+including\s+)?${VERSION}$`,
);
const BELOW = new RegExp(
  String.raw`^(?:before|prior\s+to|earlier\s+than|older\s+than|below|lower\s+than)\s+${VERSION}$`,
);
const UP_TO = new RegExp(String.raw`^(?:up\s+to|through|thru)(?:\s+and\s+including)?\s+${VERSION}$`);
const AND_EARLIER = new RegExp(
  String.raw`^${VERSION}\s+(?:and|or)\s+(?:earlier|prior|older|below|lower|before)$`,
);
const AND_LATER = new RegExp(
  String.raw`^${VERSION}(?:\s+(?:and|or)\s+(?:later|newer|above|higher|after)|\+)$`,
);
const COMPARISON = new RegExp(String.raw`^(<=|>=|!=|==|<|>|=)\s*${VERSION}$`);

/**
 * A vers URI for a range written in words (`< 4.2.1`, `>= 4.0, < 4.2`, `4.0 through 4.2`,
 * `before 3.1`, `2.0 and earlier`, `all versions`), under `scheme`; null when the text is not
 * one of these forms (we do not guess) or names a version invalid in the scheme.
 */
export function versFromRangeText(text: string, scheme: string): string | null {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const ordering = findVersionScheme(scheme);
  const vers = (constraints: VersConstraint[] | '*'): string | null => {
    if (
      constraints !== '*' &&
      ordering !== undefined &&
      !constraints.every((x) => ordering.isValid(x.version))
    ) {
      return null;
    }
    try {
      return normalizeVers(stringifyVers({ scheme, constraints }));
    } catch {
      return null;
    }
  };
  const c = (comparator: VersComparator, version: string | undefined): VersConstraint => ({
    comparator,
    version: version ?? '',
  });
  if (ALL.test(t)) return vers('*');
  let m = BETWEEN.exec(t);
  if (m !== null) return vers([c('>=', m[1]), c('<=', m[2])]);
  if ((m = BELOW.exec(t)) !== null) return vers([c('<', m[1])]);
  if ((m = UP_TO.exec(t)) !== null || (m = AND_EARLIER.exec(t)) !== null) return vers([c('<=', m[1])]);
  if ((m = AND_LATER.exec(t)) !== null) return vers([c('>=', m[1])]);
  // A list of comparisons separated by commas, `&&`, `and` or spaces.
  const spaced = t.replace(/(<=|>=|!=|==|<|>|=)\s+/g, '$1');
  const parts = spaced.split(/\s*(?:,|&&|\band\b|\s)\s*/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const constraints: VersConstraint[] = [];
  for (const part of parts) {
    const cm = COMPARISON.exec(part);
    if (cm !== null) {
      const op = cm[1] === '==' ? '=' : (cm[1] as VersComparator);
      constraints.push(c(op, cm[2]));
    } else if (parts.length === 1 && new RegExp(`^${VERSION}$`).test(part)) {
      constraints.push(c('=', part));
    } else {
      return null;
    }
  }
  return vers(constraints);
}

export interface RulesFromProductsOptions {
  /** Whether to emit `name` rules (vendor + product names); default true. */
  nameRules?: boolean;
}

/** The version condition a product states, for an ordering `scheme` (a vers scheme name). */
function productCondition(p: KnownProduct, scheme: string, purlVersion: string | null): VersionCondition {
  if (p.range !== null && p.range.trim() !== '') {
    const range = p.range.trim();
    if (range.toLowerCase().startsWith('vers:')) {
      try {
        return { type: 'vers', vers: normalizeVers(range) };
      } catch {
        return { type: 'all' };
      }
    }
    // A vendor's range may not use the package's version syntax: then the generic ordering.
    const vers = versFromRangeText(range, scheme) ?? versFromRangeText(range, 'generic');
    if (vers !== null) return { type: 'vers', vers };
    if (p.version === null) return { type: 'all' };
  }
  if (p.version !== null && p.version !== '') return { type: 'exact', version: p.version };
  if (purlVersion !== null) return { type: 'exact', version: purlVersion };
  return { type: 'all' };
}

/** Whether a CPE 2.3 name pins a version or a version pattern (neither ANY `*` nor NA `-`). */
function cpeHasVersion(cpe: string): boolean {
  const wfn = tryParseCpe(cpe);
  return wfn !== undefined && typeof wfn.version === 'string';
}

/** The ordering of a purl type's versions, or `generic` when we have none for the type. */
function schemeOfPurlType(type: string): string {
  return findVersionScheme(type) !== undefined ? type : 'generic';
}

function productRules(p: KnownProduct, vulnKey: string, nameRules: boolean): AffectRule[] {
  const rules: AffectRule[] = [];
  const add = (key: string | null, kind: AffectRule['kind'], condition: VersionCondition): void => {
    if (key !== null) rules.push({ key, kind, condition, vulnKey, productLabel: p.name, fixedVersion: null });
  };
  const purl = p.purl === null ? undefined : splitPurl(p.purl);
  if (purl !== undefined) {
    add(purlMatchKey(purl), 'purl', productCondition(p, schemeOfPurlType(purl.type), purl.version));
  }
  if (p.cpe !== null) {
    add(
      cpeMatchKey(p.cpe),
      'cpe',
      cpeHasVersion(p.cpe) ? { type: 'cpe', cpe: p.cpe } : productCondition(p, 'generic', null),
    );
  }
  for (const model of p.modelNumbers) {
    if (model.trim() !== '')
      add(modelMatchKey(p.vendor, model), 'model', productCondition(p, 'generic', null));
  }
  const product = p.product ?? p.name;
  if (nameRules && product.trim() !== '') {
    add(nameMatchKey(p.vendor, product), 'name', productCondition(p, 'generic', null));
  }
  return rules;
}

/** Identity keys under which a fixed product can stand for an affected one. */
function identityKeys(p: KnownProduct): string[] {
  const keys: string[] = [];
  const purl = p.purl === null ? null : purlMatchKey(p.purl);
  if (purl !== null) keys.push(purl);
  const product = p.product ?? p.name;
  if (p.vendor !== null || p.product !== null) keys.push(nameMatchKey(p.vendor, product));
  return keys;
}

function fixedVersionOf(p: KnownProduct): string | null {
  if (p.version !== null && p.version !== '') return p.version;
  return p.purl === null ? null : (splitPurl(p.purl)?.version ?? null);
}

/**
 * The fixed version for an affected product: among the fixed products of the same identity (same
 * purl package or same vendor + product), the lowest version that the affected product's own
 * range does not cover. Without an ordering for the versions, the first one named.
 */
function deriveFixedVersion(affected: KnownProduct, fixed: readonly KnownProduct[]): string | null {
  const keys = new Set(identityKeys(affected));
  const candidates = fixed
    .filter((f) => identityKeys(f).some((k) => keys.has(k)))
    .map(fixedVersionOf)
    .filter((v): v is string => v !== null);
  if (candidates.length <= 1) return candidates[0] ?? null;
  const purl = affected.purl === null ? undefined : splitPurl(affected.purl);
  const schemeName = purl === undefined ? 'generic' : schemeOfPurlType(purl.type);
  const scheme = findVersionScheme(schemeName);
  if (scheme === undefined) return candidates[0] ?? null;
  const condition = productCondition(affected, schemeName, null);
  const probe = (version: string): boolean =>
    condition.type !== 'all' &&
    condition.type !== 'exact' &&
    evaluateCondition(condition, {
      name: affected.name,
      vendor: affected.vendor,
      version,
      purl: null,
      cpe: null,
      modelNumber: null,
      hashes: [],
      site: null,
    });
  const ordered = candidates.filter((v) => scheme.isValid(v)).sort((a, b) => scheme.compare(a, b));
  return ordered.find((v) => !probe(v)) ?? ordered[0] ?? candidates[0] ?? null;
}

/**
 * Rules for each vulnerability × affected product: a purl rule, a CPE rule, a rule per model number
 * and a name rule, as far as the product names each. A product key the list does not know is skipped.
 */
export function rulesFromProducts(
  products: readonly KnownProduct[],
  vulns: readonly KnownVulnerability[],
  opts: RulesFromProductsOptions = {},
): AffectRule[] {
  const byKey = new Map(products.map((p) => [p.key, p]));
  const rules: AffectRule[] = [];
  for (const vuln of vulns) {
    const fixed = vuln.fixed.map((k) => byKey.get(k)).filter((p): p is KnownProduct => p !== undefined);
    for (const productKey of vuln.affected) {
      const product = byKey.get(productKey);
      if (product === undefined) continue;
      const fixedVersion = deriveFixedVersion(product, fixed);
      for (const rule of productRules(product, vuln.vulnKey, opts.nameRules ?? true)) {
        rules.push({ ...rule, fixedVersion });
      }
    }
  }
  return dedupeRules(rules);
}

/** Drops rules with the same key, kind, vulnerability and condition (the first is kept). */
export function dedupeRules(rules: readonly AffectRule[]): AffectRule[] {
  const seen = new Set<string>();
  const out: AffectRule[] = [];
  for (const rule of rules) {
    const id = `${rule.key}\u0000${rule.kind}\u0000${rule.vulnKey}\u0000${JSON.stringify(rule.condition)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(rule);
  }
  return out;
}
