import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PriorityTier } from '@clearinghouse/shared';
import { VERSION } from '../version.js';
import type { ScanFinding } from './scan-findings.js';
import { componentLabel, type ScanReport } from './scan-report.js';

/**
 * The findings as a SARIF 2.1.0 log (OASIS), for code scanning dashboards: one rule per
 * vulnerability (its title, help text and a link to read), one result per affected component, each
 * located in the inventory file and, logically, at the component (its purl, else its name).
 */

/** The SARIF level of a priority tier: act now is an error, attend a warning, the rest a note. */
const LEVELS: Readonly<Record<PriorityTier, SarifLevel>> = {
  exploited: 'error',
  act: 'error',
  attend: 'warning',
  track: 'note',
};

type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: SarifDriver };
  artifacts?: { location: { uri: string } }[];
  results: SarifResult[];
}

interface SarifDriver {
  name: string;
  version: string;
  /** The server scanned against: where people read more. */
  informationUri?: string;
  rules: SarifRule[];
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity'?: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties: { priority: PriorityTier; score: number; confidence: string; lowConfidence: boolean };
}

interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; index: number } };
  logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * @param inputUri the inventory file as a URI reference (relative to the working directory), or
 *   undefined for stdin: results are then located logically only.
 * @param server the server the findings came from, to make its web paths absolute links.
 */
export function toSarif(
  report: ScanReport,
  inputUri: string | undefined,
  server: string | undefined,
): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  for (const finding of report.results) {
    if (ruleIndex.has(finding.vulnerability.key)) continue;
    ruleIndex.set(finding.vulnerability.key, rules.length);
    rules.push(ruleOf(finding, server));
  }
  const results = report.results.map((finding): SarifResult => {
    const component = componentLabel(finding);
    const fix =
      finding.fixedVersion === null ? 'No fixed version is known yet.' : `Fixed in ${finding.fixedVersion}.`;
    const title = finding.vulnerability.title === '' ? '' : `: ${finding.vulnerability.title}`;
    const caution = finding.lowConfidence ? ' (low confidence: matched on the product name only)' : '';
    return {
      ruleId: finding.vulnerability.key,
      ruleIndex: ruleIndex.get(finding.vulnerability.key) ?? 0,
      level: finding.lowConfidence ? 'note' : LEVELS[finding.priority.tier],
      message: { text: `${component} is affected by ${finding.vulnerability.key}${title}${caution}. ${fix}` },
      locations: [
        {
          ...(inputUri === undefined
            ? {}
            : { physicalLocation: { artifactLocation: { uri: inputUri, index: 0 } } }),
          logicalLocations: [
            {
              name: finding.component.purl ?? finding.component.name,
              fullyQualifiedName: component,
              kind: 'module',
            },
          ],
        },
      ],
      properties: {
        priority: finding.priority.tier,
        score: finding.priority.score,
        confidence: finding.confidence,
        lowConfidence: finding.lowConfidence,
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'clearinghouse',
            version: VERSION,
            ...(server === undefined ? {} : { informationUri: server }),
            rules,
          },
        },
        ...(inputUri === undefined ? {} : { artifacts: [{ location: { uri: inputUri } }] }),
        results,
      },
    ],
  };
}

function ruleOf(finding: ScanFinding, server: string | undefined): SarifRule {
  const v = finding.vulnerability;
  const title = v.title === '' ? v.key : v.title;
  const facts = [
    v.cvss === null
      ? null
      : `CVSS ${v.cvss.version} ${v.cvss.score.toFixed(1)}${v.cvss.vector === null ? '' : ` (${v.cvss.vector})`}`,
    v.exploited || v.kev !== null ? 'Known exploited.' : null,
    v.ssvcDecision === null ? null : `SSVC decision: ${v.ssvcDecision}.`,
    v.cwe,
    v.aliases.length === 0 ? null : `Also known as ${v.aliases.join(', ')}.`,
  ].filter((fact) => fact !== null);
  const sources = finding.sources.map((s) => `${s.trackingId} (${s.publisher}, TLP:${s.tlp})`);
  const advice = 'Update the component to a fixed version, or follow the advisory until one exists.';
  const helpText = [title, ...facts, sources.length === 0 ? '' : `Advisories: ${sources.join('; ')}.`, advice]
    .filter((line) => line !== '')
    .join('\n');
  const helpUri = helpUriOf(finding, server);
  const markdownSources = finding.sources.map((s) => {
    const url = absoluteUrl(s.url, server);
    return url === undefined ? `- ${s.trackingId}: ${s.title}` : `- [${s.trackingId}](${url}): ${s.title}`;
  });
  const markdown = [
    `**${title}**`,
    '',
    ...facts.map((fact) => `- ${fact}`),
    ...(markdownSources.length === 0 ? [] : ['', 'Advisories:', ...markdownSources]),
    '',
    advice,
  ].join('\n');
  return {
    id: v.key,
    shortDescription: { text: title },
    fullDescription: { text: `${v.key}: ${title}` },
    help: { text: helpText, markdown },
    ...(helpUri === undefined ? {} : { helpUri }),
    defaultConfiguration: { level: LEVELS[finding.priority.tier] },
    properties: {
      tags: ['security', 'vulnerability', ...(v.cwe === null ? [] : [v.cwe])],
      // GitHub code scanning ranks by this: the CVSS base score as a string.
      ...(v.cvss === null ? {} : { 'security-severity': v.cvss.score.toFixed(1) }),
    },
  };
}

/** The first source with a link; else the CVE record for a CVE id. */
function helpUriOf(finding: ScanFinding, server: string | undefined): string | undefined {
  for (const source of finding.sources) {
    const url = absoluteUrl(source.url, server);
    if (url !== undefined) return url;
  }
  const key = finding.vulnerability.key;
  return /^CVE-\d{4}-\d{4,}$/.test(key) ? `https://www.cve.org/CVERecord?id=${key}` : undefined;
}

/** An absolute http(s) URL, a web path made absolute against the server, or undefined. */
function absoluteUrl(url: string | null, server: string | undefined): string | undefined {
  if (url === null) return undefined;
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith('/') && server !== undefined) return `${server}${url}`;
  return undefined;
}

/**
 * A file path as a SARIF artifact URI: a relative path stays a relative reference (forward slashes,
 * each segment percent-encoded), an absolute one becomes a file: URI.
 */
export function artifactUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}
