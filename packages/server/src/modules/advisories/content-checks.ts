import type { AdvisoryContent, ValidationFinding } from '@clearinghouse/shared';
import { parseCvss } from '../../formats/cvss.js';
import { findCwe } from '../../formats/cwe.js';
import { parsePurl } from '@clearinghouse/shared/matching';
import { parseVers } from '@clearinghouse/shared/matching';

/**
 * Checks of the advisory's own model, said in its words (product keys, vulnerability numbers)
 * before the CSAF tests speak of product_ids and JSON pointers. Errors block saving and release;
 * warnings are shown in the editor.
 */
export function checkContent(content: AdvisoryContent): {
  errors: ValidationFinding[];
  warnings: ValidationFinding[];
} {
  const errors: ValidationFinding[] = [];
  const warnings: ValidationFinding[] = [];
  const err = (path: string, message: string) => errors.push({ test: 'content', path, message });
  const warn = (path: string, message: string) => warnings.push({ test: 'content', path, message });

  const keys = new Set<string>();
  content.products.forEach((p, i) => {
    if (keys.has(p.key)) err(`products.${i}.key`, `Product key ${p.key} is used twice.`);
    keys.add(p.key);
    if (p.purl) {
      try {
        parsePurl(p.purl);
      } catch (e) {
        err(`products.${i}.purl`, `Not a valid package URL: ${(e as Error).message}`);
      }
    }
    if (p.cpe && !/^cpe:2\.3:[aho*-](:[^:]+){10}$/.test(p.cpe) && !/^cpe:\/[aho]/.test(p.cpe))
      err(
        `products.${i}.cpe`,
        'Not a CPE 2.3 formatted string (cpe:2.3:part:vendor:product:version:…, 13 parts).',
      );
    if (p.range?.startsWith('vers:')) {
      try {
        parseVers(p.range);
      } catch (e) {
        err(`products.${i}.range`, `Not a valid vers range: ${(e as Error).message}`);
      }
    }
  });

  const used = new Set<string>();
  content.vulnerabilities.forEach((v, i) => {
    const at = `vulnerabilities.${i}`;
    const seen = new Set<string>();
    v.statuses.forEach((s, j) => {
      used.add(s.productKey);
      if (!keys.has(s.productKey))
        err(`${at}.statuses.${j}.productKey`, `No product has the key ${s.productKey}.`);
      if (seen.has(s.productKey))
        err(
          `${at}.statuses.${j}.productKey`,
          `Product ${s.productKey} has two statuses for this vulnerability.`,
        );
      seen.add(s.productKey);
    });
    v.remediations.forEach((r, j) =>
      r.productKeys.forEach((k, n) => {
        if (!keys.has(k)) err(`${at}.remediations.${j}.productKeys.${n}`, `No product has the key ${k}.`);
      }),
    );
    if (v.cvss31) {
      const parsed = parseCvss(v.cvss31);
      if (!parsed.ok) err(`${at}.cvss31`, parsed.problems.join(' '));
      else if (parsed.value.version !== '3.1' && parsed.value.version !== '3.0')
        err(`${at}.cvss31`, 'A CVSS 3.x vector is expected here.');
    }
    if (v.cvss40) {
      const parsed = parseCvss(v.cvss40);
      if (!parsed.ok) err(`${at}.cvss40`, parsed.problems.join(' '));
      else if (parsed.value.version !== '4.0') err(`${at}.cvss40`, 'A CVSS 4.0 vector is expected here.');
    }
    if (v.cwe && !findCwe(v.cwe)) err(`${at}.cwe`, `${v.cwe} is not in the CWE catalog.`);
    if (v.statuses.length === 0) warn(`${at}.statuses`, 'No product status is given for this vulnerability.');
    const affected = v.statuses.filter((s) => s.status === 'affected').map((s) => s.productKey);
    const remedied = new Set(v.remediations.flatMap((r) => r.productKeys));
    const bare = affected.filter((k) => !remedied.has(k));
    if (bare.length > 0)
      warn(
        `${at}.remediations`,
        `Affected products without a remediation: ${bare.join(', ')} (add a fix, workaround, mitigation or "none available").`,
      );
    if (v.exploited && !v.cveId)
      warn(`${at}.exploited`, 'Exploited vulnerabilities reach the KEV list only with a CVE id.');
  });
  content.products.forEach((p, i) => {
    if (!used.has(p.key)) warn(`products.${i}`, `Product ${p.key} has no status for any vulnerability.`);
  });
  return { errors, warnings };
}
