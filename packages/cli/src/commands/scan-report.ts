import type { InventoryFormat } from '@clearinghouse/shared/matching';
import { table } from '../output.js';
import type { ScanFinding, ScanSummary } from './scan-findings.js';
import { summaryLine } from './scan-findings.js';
import type { IgnoreEntry } from './scan-ignore.js';

/** Where the rules came from: the server (online) or a feed bundle file (offline). */
export type ScanSource =
  | { mode: 'online'; server: string; authenticated: boolean }
  | { mode: 'offline'; bundle: string; generatedAt: string; publisher: string };

/**
 * The JSON report of `scan --format json` (or `--json`). Its shape is stable: fields are only ever
 * added. README.md documents it.
 */
export interface ScanReport {
  /** Findings, highest priority first. */
  results: ScanFinding[];
  /** Findings the ignore file left out, each with the entry that did. */
  ignored: (ScanFinding & { ignoredBy: IgnoreEntry })[];
  summary: ScanSummary;
  input: { path: string; format: InventoryFormat; specVersion: string | null };
  source: ScanSource;
}

const NONE = '—';

/** The findings as a table, then the summary line. */
export function renderTable(report: ScanReport): string {
  const { results, summary } = report;
  if (results.length === 0) return summaryLine(summary);
  const rows = results.map((finding) => [
    finding.priority.tier + (finding.lowConfidence ? '*' : ''),
    finding.vulnerability.key,
    finding.vulnerability.cvss === null ? NONE : finding.vulnerability.cvss.score.toFixed(1),
    componentLabel(finding),
    finding.fixedVersion ?? NONE,
    sourceLabel(finding),
  ]);
  const lines = [table(['PRIORITY', 'VULNERABILITY', 'CVSS', 'COMPONENT', 'FIXED IN', 'SOURCE'], rows), ''];
  if (summary.lowConfidence > 0) {
    lines.push('* low confidence: matched on the product name only; check before acting.', '');
  }
  lines.push(summaryLine(summary));
  return lines.join('\n');
}

/** The purl when there is one (it says the package and version exactly), else vendor, name and version. */
export function componentLabel(finding: ScanFinding): string {
  const { component } = finding;
  if (component.purl !== null) return component.purl;
  return [component.vendor, component.name, component.version].filter((part) => part !== null).join(' ');
}

/** The first source's tracking id (`CHSA-2026-0001`, `GHSA-…`), and how many more there are. */
function sourceLabel(finding: ScanFinding): string {
  const [first, ...rest] = finding.sources;
  if (first === undefined) return NONE;
  return rest.length === 0 ? first.trackingId : `${first.trackingId} +${rest.length}`;
}
