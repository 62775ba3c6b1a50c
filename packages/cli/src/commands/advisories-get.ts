import {
  Advisory,
  type AdvisoryProduct,
  type AdvisoryVulnerability,
  type SsvcResult,
} from '@clearinghouse/shared';
import type { Command } from 'commander';
import { actionWithArgument, type CliIo, type CommandContext } from '../context.js';
import { clean, fields, formatTime, table } from '../output.js';
import { advisoryPath, checkAdvisoryId, reader } from './advisories-common.js';

/** Lines of the summary shown; --json has all of it. */
const SUMMARY_LINES_SHOWN = 10;

const SSVC_LABELS: Record<SsvcResult['decision'], string> = {
  track: 'Track',
  track_star: 'Track*',
  attend: 'Attend',
  act: 'Act',
};

export function registerAdvisoriesGet(advisories: Command, io: CliIo): void {
  advisories
    .command('get')
    .summary('show an advisory: vulnerabilities, products, remediations and documents')
    .description(
      'Show an advisory by its id or tracking id: TLP, status, CVEs, each vulnerability with its ' +
        'CVSS vectors, SSVC decision, product statuses and remediations, and the URLs of the released ' +
        'documents. Released TLP:CLEAR advisories need no login.',
    )
    .argument('<idOrRef>', 'advisory id (adv_…) or tracking id (CHSA-2026-0001)')
    .action(actionWithArgument(io, getAdvisory));
}

async function getAdvisory(context: CommandContext, argument: string | undefined): Promise<void> {
  const idOrRef = checkAdvisoryId(argument);
  const { client } = await reader(context);
  const { data: advisory } = await client.get(advisoryPath(idOrRef), Advisory);
  context.out.result(advisory, () => describeAdvisory(advisory));
}

function describeAdvisory(advisory: Advisory): string {
  const content = advisory.content;
  const rows: [string, string][] = [
    ['Reference', advisory.ref],
    ['Title', content.title],
    ['ID', advisory.id],
    ['TLP', content.tlp],
    ['Status', advisory.status],
    ['Profile', content.profile === 'csaf_vex' ? 'CSAF VEX' : 'CSAF security advisory'],
    ['CVEs', advisory.cves.length === 0 ? 'none' : advisory.cves.join(', ')],
  ];
  if (advisory.caseRef !== null) rows.push(['Case', advisory.caseRef]);
  if (advisory.source === 'imported') rows.push(['Source', 'imported']);
  rows.push(['Released', released(advisory)]);
  if (advisory.earlyRelease !== null) {
    const early = advisory.earlyRelease;
    rows.push(['Early release', `by ${early.by.name} at ${formatTime(early.at)}: ${oneLine(early.reason)}`]);
  }
  rows.push(['Updated', formatTime(advisory.updatedAt)]);

  const sections = [fields(rows)];
  const summary = content.summary.replace(/\r\n?/g, '\n').trim();
  if (summary !== '') {
    const lines = summary.split('\n');
    const shown = lines.slice(0, SUMMARY_LINES_SHOWN).map((line) => `  ${clean(line)}`.trimEnd());
    if (lines.length > SUMMARY_LINES_SHOWN) {
      shown.push(`  … ${lines.length - SUMMARY_LINES_SHOWN} more lines (--json has all)`);
    }
    sections.push(['Summary:', ...shown].join('\n'));
  }
  if (content.products.length > 0) {
    sections.push(
      [
        `Products (${content.products.length}):`,
        indent(
          table(
            ['KEY', 'VENDOR', 'PRODUCT', 'VERSION'],
            content.products.map((p) => [p.key, p.vendor, p.product, p.version ?? p.range ?? '-']),
          ),
          2,
        ),
      ].join('\n'),
    );
  }
  const products = new Map(content.products.map((p) => [p.key, p]));
  sections.push(
    [
      `Vulnerabilities (${content.vulnerabilities.length}):`,
      ...content.vulnerabilities.map((v) => describeVulnerability(v, products)),
    ].join('\n'),
  );
  sections.push(describeDocuments(advisory));
  return sections.join('\n\n');
}

function released(advisory: Advisory): string {
  if (advisory.releasedAt !== null) {
    const revision =
      advisory.publishedRevision === null ? '' : ` (revision ${advisory.publishedRevision} published)`;
    return `${formatTime(advisory.releasedAt)}${revision}`;
  }
  if (advisory.releaseAt !== null) return `not yet; scheduled for ${formatTime(advisory.releaseAt)}`;
  return 'not yet';
}

function describeVulnerability(
  vulnerability: AdvisoryVulnerability,
  products: ReadonlyMap<string, AdvisoryProduct>,
): string {
  const rows: [string, string][] = [];
  if (vulnerability.cwe !== null) rows.push(['CWE', vulnerability.cwe]);
  if (vulnerability.cvss31 !== null) rows.push(['CVSS 3.1', vulnerability.cvss31]);
  if (vulnerability.cvss40 !== null) rows.push(['CVSS 4.0', vulnerability.cvss40]);
  if (vulnerability.ssvc !== null) {
    rows.push(['SSVC', `${SSVC_LABELS[vulnerability.ssvc.decision]} (${vulnerability.ssvc.vector})`]);
  }
  if (vulnerability.exploited) {
    rows.push([
      'Exploited',
      vulnerability.exploitedSince === null ? 'yes' : `yes, since ${vulnerability.exploitedSince}`,
    ]);
  }
  const lines = [clean(`  ${vulnerability.cveId ?? '(no CVE)'}  ${vulnerability.title}`)];
  if (rows.length > 0) lines.push(indent(fields(rows), 4));

  const name = (key: string): string => {
    const product = products.get(key);
    return product === undefined ? key : productName(product);
  };
  if (vulnerability.statuses.length > 0) {
    lines.push('    Products:');
    const statusRows = vulnerability.statuses.map((s) => [
      s.status,
      name(s.productKey) + (s.justification === null ? '' : ` (${s.justification})`),
    ]);
    lines.push(indent(table(['STATUS', 'PRODUCT'], statusRows).split('\n').slice(1).join('\n'), 6));
  }
  if (vulnerability.remediations.length > 0) {
    lines.push('    Remediations:');
    for (const remediation of vulnerability.remediations) {
      const url = remediation.url === null ? '' : ` ${remediation.url}`;
      lines.push(clean(`      ${remediation.category}: ${oneLine(remediation.details)}${url}`));
      lines.push(clean(`        for ${remediation.productKeys.map(name).join(', ')}`));
    }
  }
  return lines.join('\n');
}

function describeDocuments(advisory: Advisory): string {
  const { csaf, osv } = advisory.documents;
  if (csaf === null && osv.length === 0) return 'Documents: none released';
  const lines = ['Documents:'];
  if (csaf !== null) lines.push(clean(`  CSAF  ${csaf}`));
  for (const record of osv) lines.push(clean(`  OSV   ${record.id}  ${record.url}`));
  return lines.join('\n');
}

function productName(product: AdvisoryProduct): string {
  const version = product.version ?? product.range;
  return `${product.vendor} ${product.product}${version === null ? '' : ` ${version}`}`;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]+\s*/g, ' ');
}
