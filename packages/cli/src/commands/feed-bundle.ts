import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  FEED_BUNDLE_FORMAT,
  FeedBundleHeader,
  MATCH_CONFIDENCES,
  ScanResult,
  TLP_LABELS,
  type ExposureSource,
  type FeedBundle,
} from '@clearinghouse/shared';
import { MatchIndex, type ComponentIdentity } from '@clearinghouse/shared/matching';
import type { CliEnvironment } from '../config-file.js';
import type { FileProblem } from './file-problems.js';

/**
 * The offline feed (`clearinghouse-feed@1`): where `feed pull` keeps it, how a file is checked before
 * it is trusted, and the matching `scan --offline` does with it — the same MatchIndex the server
 * matches with, so an offline scan finds what an online one would with the same rules.
 */

/** `$XDG_CACHE_HOME/clearinghouse/feed.json`, else `~/.cache/clearinghouse/feed.json`. */
export function defaultFeedPath(env: CliEnvironment): string {
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (env.xdgCacheHome !== undefined && isAbsolute(env.xdgCacheHome)) {
    return join(env.xdgCacheHome, 'clearinghouse', 'feed.json');
  }
  return join(env.home ?? homedir(), '.cache', 'clearinghouse', 'feed.json');
}

export type BundleCheck = { ok: true; bundle: FeedBundle } | { ok: false; problems: FileProblem[] };

const CONDITION_TYPES = new Set(['all', 'exact', 'vers', 'osv', 'cpe']);
/** Problems listed for a broken bundle: enough to see what is wrong, not a wall of them. */
const PROBLEMS_MAX = 20;

/** Checks a bundle's header, rules and vulnerabilities; every problem with its JSON pointer. */
export function checkFeedBundle(json: unknown): BundleCheck {
  if (!isRecord(json)) return { ok: false, problems: [{ location: '', message: 'expected a JSON object' }] };
  if (json.format !== FEED_BUNDLE_FORMAT) {
    const found = typeof json.format === 'string' ? `"${json.format}"` : 'missing';
    return {
      ok: false,
      problems: [
        {
          location: '/format',
          message: `${found}, expected "${FEED_BUNDLE_FORMAT}" (a bundle of 'clearinghouse feed pull'; a newer format needs a newer CLI)`,
        },
      ],
    };
  }
  const problems: FileProblem[] = [];
  const header = FeedBundleHeader.safeParse(json);
  if (!header.success) {
    for (const issue of header.error.issues) {
      problems.push({ location: pointer(issue.path), message: issue.message });
    }
  }
  const rules = Array.isArray(json.rules) ? json.rules : undefined;
  if (rules === undefined) problems.push({ location: '/rules', message: 'expected an array of rules' });
  else rules.forEach((rule: unknown, index) => checkRule(rule, `/rules/${index}`, problems));
  const vulnerabilities = ScanResult.shape.vulnerabilities.safeParse(json.vulnerabilities);
  if (!vulnerabilities.success) {
    for (const issue of vulnerabilities.error.issues) {
      problems.push({ location: pointer(['vulnerabilities', ...issue.path]), message: issue.message });
    }
  }
  if (problems.length > 0 || !header.success || rules === undefined || !vulnerabilities.success) {
    return { ok: false, problems: problems.slice(0, PROBLEMS_MAX) };
  }
  // The header's counts let a truncated download be told from a small feed.
  if (header.data.ruleCount !== rules.length) {
    problems.push({
      location: '/ruleCount',
      message: `says ${header.data.ruleCount} rules, the file holds ${rules.length} (truncated?)`,
    });
  }
  const vulnerabilityCount = Object.keys(vulnerabilities.data).length;
  if (header.data.vulnerabilityCount !== vulnerabilityCount) {
    problems.push({
      location: '/vulnerabilityCount',
      message: `says ${header.data.vulnerabilityCount} vulnerabilities, the file holds ${vulnerabilityCount} (truncated?)`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    bundle: { ...header.data, rules: rules as FeedBundle['rules'], vulnerabilities: vulnerabilities.data },
  };
}

/** The shape MatchIndex relies on; the version condition's details are checked when it compiles. */
function checkRule(rule: unknown, at: string, problems: FileProblem[]): void {
  if (problems.length >= PROBLEMS_MAX) return;
  if (!isRecord(rule)) {
    problems.push({ location: at, message: 'expected an affect rule object' });
    return;
  }
  for (const key of ['key', 'vulnKey', 'productLabel'] as const) {
    if (typeof rule[key] !== 'string')
      problems.push({ location: `${at}/${key}`, message: 'expected a string' });
  }
  if (!(MATCH_CONFIDENCES as readonly unknown[]).includes(rule.kind)) {
    problems.push({ location: `${at}/kind`, message: `expected one of ${MATCH_CONFIDENCES.join(', ')}` });
  }
  if (!isRecord(rule.condition) || !CONDITION_TYPES.has(String(rule.condition.type))) {
    problems.push({ location: `${at}/condition`, message: 'expected a version condition with a known type' });
  }
  if (rule.fixedVersion !== null && typeof rule.fixedVersion !== 'string') {
    problems.push({ location: `${at}/fixedVersion`, message: 'expected a string or null' });
  }
}

/** The index of a checked bundle's rules; a rule the matcher cannot compile makes the bundle unusable. */
export function indexOf(
  bundle: FeedBundle,
): { ok: true; index: MatchIndex } | { ok: false; problems: FileProblem[] } {
  try {
    return { ok: true, index: new MatchIndex(bundle.rules) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ location: '/rules', message: `a rule cannot be used: ${reason}` }] };
  }
}

/**
 * What POST /api/v1/scan would answer, computed from the bundle: for each component, the most
 * confident rule per vulnerability; name-only matches only when asked for.
 */
export function scanOffline(
  bundle: FeedBundle,
  index: MatchIndex,
  components: readonly ComponentIdentity[],
  includeLowConfidence: boolean,
): ScanResult {
  const matches: ScanResult['matches'] = [];
  const vulnerabilities: ScanResult['vulnerabilities'] = {};
  components.forEach((component, componentIndex) => {
    for (const match of index.match(component)) {
      if (match.confidence === 'name' && !includeLowConfidence) continue;
      const key = match.rule.vulnKey;
      matches.push({
        componentIndex,
        vulnerabilityKey: key,
        confidence: match.confidence,
        productLabel: match.rule.productLabel,
        fixedVersion: match.rule.fixedVersion,
      });
      const summary = bundle.vulnerabilities[key];
      if (summary !== undefined) vulnerabilities[key] = summary;
    }
  });
  return { matches, vulnerabilities };
}

/** The TLP labels of the sources a bundle or answer draws on, most open first, with their counts. */
export function labelsOf(
  vulnerabilities: ScanResult['vulnerabilities'],
): { label: string; sources: number }[] {
  const sources = new Map<string, ExposureSource>();
  for (const vulnerability of Object.values(vulnerabilities)) {
    for (const source of vulnerability.sources) sources.set(`${source.kind}:${source.id}`, source);
  }
  const counts = new Map<string, number>();
  for (const source of sources.values()) counts.set(source.tlp, (counts.get(source.tlp) ?? 0) + 1);
  const order: readonly string[] = TLP_LABELS;
  return [...counts.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([label, count]) => ({ label: `TLP:${label}`, sources: count }));
}

function pointer(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? ''
    : `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
