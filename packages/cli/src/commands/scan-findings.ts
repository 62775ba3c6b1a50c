import {
  PRIORITY_TIERS,
  priorityOf,
  type ExposureSource,
  type PriorityTier,
  type ScanResult,
  type VulnerabilitySummary,
} from '@clearinghouse/shared';
import type { ComponentIdentity, MatchConfidence } from '@clearinghouse/shared/matching';

/**
 * What a scan found, whichever way it matched (the server's POST /api/v1/scan or the offline feed):
 * one finding per component and vulnerability, ranked the way the server ranks exposures.
 */
export interface ScanFinding {
  priority: { tier: PriorityTier; score: number };
  vulnerability: VulnerabilitySummary;
  component: {
    /** Position in the input file's component list (0-based). */
    index: number;
    name: string;
    vendor: string | null;
    version: string | null;
    purl: string | null;
    cpe: string | null;
    modelNumber: string | null;
  };
  confidence: MatchConfidence;
  /** A name-only match (shown with --all): often a false positive, never counted by --fail-on. */
  lowConfidence: boolean;
  /** The product as the advisory names it. */
  product: string;
  fixedVersion: string | null;
  sources: ExposureSource[];
}

/** `--fail-on`: which findings make `scan` exit 1. */
export const FAIL_ON = ['exploited', 'act', 'attend', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The findings of a scan answer, ranked (highest priority first). */
export function findingsOf(components: readonly ComponentIdentity[], result: ScanResult): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const match of result.matches) {
    const component = components[match.componentIndex];
    if (component === undefined) continue;
    const { sources = [], ...vulnerability } =
      result.vulnerabilities[match.vulnerabilityKey] ?? unknownVulnerability(match.vulnerabilityKey);
    findings.push({
      priority: priorityOf(vulnerability, match.confidence),
      vulnerability,
      component: {
        index: match.componentIndex,
        name: component.name,
        vendor: component.vendor,
        version: component.version,
        purl: component.purl,
        cpe: component.cpe,
        modelNumber: component.modelNumber,
      },
      confidence: match.confidence,
      lowConfidence: match.confidence === 'name',
      product: match.productLabel,
      fixedVersion: match.fixedVersion,
      sources,
    });
  }
  return findings.sort(
    (a, b) =>
      b.priority.score - a.priority.score ||
      a.vulnerability.key.localeCompare(b.vulnerability.key) ||
      a.component.index - b.component.index,
  );
}

/** A rule's vulnerability without a summary (a feed or answer missing one): shown by its key alone. */
function unknownVulnerability(key: string): VulnerabilitySummary & { sources?: ExposureSource[] } {
  return {
    key,
    title: '',
    aliases: [],
    cvss: null,
    ssvcDecision: null,
    exploited: false,
    kev: null,
    cwe: null,
  };
}

/** Whether a finding makes the scan exit 1 under `--fail-on`. Low-confidence matches never do. */
export function failsOn(finding: ScanFinding, failOn: FailOn): boolean {
  if (finding.lowConfidence) return false;
  if (failOn === 'any') return true;
  return PRIORITY_TIERS.indexOf(finding.priority.tier) <= PRIORITY_TIERS.indexOf(failOn);
}

export interface ScanSummary {
  /** Components in the input file. */
  components: number;
  /** Components with at least one finding. */
  affectedComponents: number;
  /** Distinct vulnerabilities among the findings. */
  vulnerabilities: number;
  findings: number;
  /** Distinct known-exploited vulnerabilities among the findings. */
  knownExploited: number;
  /** Findings per priority tier. */
  byPriority: Record<PriorityTier, number>;
  /** Name-only findings (present only with --all). */
  lowConfidence: number;
  /** Findings left out by the ignore file. */
  ignored: number;
  /** Findings that --fail-on counts: exit code 1 when above zero. */
  failing: number;
  failOn: FailOn;
}

export function summarize(
  componentCount: number,
  findings: readonly ScanFinding[],
  ignoredCount: number,
  failOn: FailOn,
): ScanSummary {
  const byPriority: Record<PriorityTier, number> = { exploited: 0, act: 0, attend: 0, track: 0 };
  for (const finding of findings) byPriority[finding.priority.tier]++;
  return {
    components: componentCount,
    affectedComponents: new Set(findings.map((f) => f.component.index)).size,
    vulnerabilities: new Set(findings.map((f) => f.vulnerability.key)).size,
    findings: findings.length,
    knownExploited: new Set(
      findings.filter((f) => f.priority.tier === 'exploited').map((f) => f.vulnerability.key),
    ).size,
    byPriority,
    lowConfidence: findings.filter((f) => f.lowConfidence).length,
    ignored: ignoredCount,
    failing: findings.filter((f) => failsOn(f, failOn)).length,
    failOn,
  };
}

/** `3 vulnerabilities in 2 of 57 components (1 known exploited)`, or the all-clear. */
export function summaryLine(summary: ScanSummary): string {
  const notes: string[] = [];
  if (summary.knownExploited > 0) notes.push(`${summary.knownExploited} known exploited`);
  if (summary.lowConfidence > 0) notes.push(`${summary.lowConfidence} low-confidence`);
  if (summary.ignored > 0) notes.push(`${summary.ignored} ignored`);
  const extra = notes.length === 0 ? '' : ` (${notes.join(', ')})`;
  const components = `${summary.components} component${summary.components === 1 ? '' : 's'}`;
  if (summary.findings === 0) return `No known vulnerabilities in ${components}${extra}.`;
  const vulnerabilities = `${summary.vulnerabilities} vulnerabilit${summary.vulnerabilities === 1 ? 'y' : 'ies'}`;
  return `${vulnerabilities} in ${summary.affectedComponents} of ${components}${extra}.`;
}
