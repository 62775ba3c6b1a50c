/**
 * SARIF 2.1.0 → report drafts.
 *
 * Scanners and AI tools upload a SARIF log; every rule that fired in a file becomes one draft
 * vulnerability report listing each place in that file. Pure: no I/O, no clock, nothing thrown for a
 * bad document — the caller gets every problem at once, each with a JSON path such as
 * `runs[0].results[3].message`.
 *
 * Read from the OASIS SARIF 2.1.0 specification: message strings and their `{n}` placeholders and
 * `[text](n)` embedded links (§3.11), rule lookup through `ruleIndex`, `rule` and
 * `rule.toolComponent` into the driver or its extensions (§3.27.5–7, §3.52, §3.54), `uriBaseId`
 * resolution through `originalUriBaseIds` by concatenation (§3.4.4, §3.14.14), suppression state
 * (§3.27.23, §3.35.3) and taxa relationships (§3.53). From GitHub code scanning's conventions:
 * `properties['security-severity']` and CodeQL's `external/cwe/cwe-079` tags.
 */
import { z } from 'zod';

// ---- the output -------------------------------------------------------------------------

export interface SarifReportDraft {
  /** `ruleId: short message (file)`, at most 200 characters. */
  title: string;
  /** Markdown: the rule, every location with its message and snippet, and the tool. */
  description: string;
  ruleId: string;
  /** `CWE-79`, without leading zeros. */
  cwe?: string;
  /** The highest level among the grouped results. */
  severity: 'error' | 'warning' | 'note' | 'none';
  /** The rule's `properties['security-severity']` (0–10), as GitHub code scanning reads it. */
  securitySeverity?: number;
  locations: { uri: string; startLine?: number; startColumn?: number; endLine?: number; message: string }[];
  provenance: {
    toolName: string;
    toolVersion?: string;
    toolOrganization?: string;
    informationUri?: string;
    runIndex: number;
    automationId?: string;
  };
}

export type SarifParseResult =
  | { ok: true; drafts: SarifReportDraft[]; resultCount: number }
  | { ok: false; problems: { path: string; message: string }[] };

type Problem = { path: string; message: string };
type DraftLocation = SarifReportDraft['locations'][number];
type Severity = SarifReportDraft['severity'];

const DEFAULT_MAX_DRAFTS = 200;
const TITLE_MAX = 200;
/** A report description may hold 50,000 characters; the locations list stops short of that. */
const DESCRIPTION_BUDGET = 45_000;
const RULE_TEXT_MAX = 8_000;
const SNIPPET_MAX = 2_000;
/** Past this many, a broken upload is summarised rather than listed in full. */
const PROBLEMS_MAX = 1_000;

// ---- the input: only what we read is checked; everything else passes through ------------

const Level = z.enum(['none', 'note', 'warning', 'error']);

const MultiformatMessageString = z.looseObject({ text: z.string(), markdown: z.string().optional() });
type MultiformatMessageString = z.infer<typeof MultiformatMessageString>;

const MessageStrings = z.record(z.string(), MultiformatMessageString);

const Message = z.looseObject({
  text: z.string().optional(),
  markdown: z.string().optional(),
  id: z.string().optional(),
  arguments: z.array(z.string()).optional(),
});

const ResultMessage = Message.refine(
  (m) => (m.text !== undefined && m.text.trim() !== '') || m.id !== undefined,
  {
    error: 'A result message needs a text or an id.',
  },
);

const ToolComponentReference = z.looseObject({
  name: z.string().optional(),
  index: z.int().min(0).optional(),
  guid: z.string().optional(),
});
type ToolComponentReference = z.infer<typeof ToolComponentReference>;

const ReportingDescriptorReference = z.looseObject({
  id: z.string().optional(),
  index: z.int().min(-1).optional(),
  guid: z.string().optional(),
  toolComponent: ToolComponentReference.optional(),
});
type ReportingDescriptorReference = z.infer<typeof ReportingDescriptorReference>;

const ReportingDescriptor = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  guid: z.string().optional(),
  shortDescription: MultiformatMessageString.optional(),
  fullDescription: MultiformatMessageString.optional(),
  help: MultiformatMessageString.optional(),
  helpUri: z.string().optional(),
  messageStrings: MessageStrings.optional(),
  defaultConfiguration: z.looseObject({ level: Level.optional() }).optional(),
  relationships: z
    .array(z.looseObject({ target: ReportingDescriptorReference, kinds: z.array(z.string()).optional() }))
    .optional(),
  properties: z.looseObject({ tags: z.array(z.string()).optional() }).optional(),
});
type ReportingDescriptor = z.infer<typeof ReportingDescriptor>;

const ToolComponent = z.looseObject({
  name: z.string({ error: 'A tool component needs a name.' }).trim().min(1, 'A tool component needs a name.'),
  version: z.string().optional(),
  semanticVersion: z.string().optional(),
  organization: z.string().optional(),
  informationUri: z.string().optional(),
  guid: z.string().optional(),
  rules: z.array(ReportingDescriptor).optional(),
  taxa: z.array(ReportingDescriptor).optional(),
  globalMessageStrings: MessageStrings.optional(),
});
type ToolComponent = z.infer<typeof ToolComponent>;

const ArtifactLocation = z.looseObject({
  uri: z.string().optional(),
  uriBaseId: z.string().optional(),
  index: z.int().min(-1).optional(),
});
type ArtifactLocation = z.infer<typeof ArtifactLocation>;

const Region = z.looseObject({
  startLine: z.int().min(1).optional(),
  startColumn: z.int().min(1).optional(),
  endLine: z.int().min(1).optional(),
  endColumn: z.int().min(1).optional(),
  snippet: z.looseObject({ text: z.string().optional() }).optional(),
});

const Location = z.looseObject({
  physicalLocation: z
    .looseObject({ artifactLocation: ArtifactLocation.optional(), region: Region.optional() })
    .optional(),
});

const SarifResult = z.looseObject({
  ruleId: z.string().optional(),
  ruleIndex: z.int().min(-1).optional(),
  rule: ReportingDescriptorReference.optional(),
  kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).optional(),
  level: Level.optional(),
  message: ResultMessage,
  locations: z.array(Location).nullish(),
  suppressions: z
    .array(z.looseObject({ status: z.enum(['accepted', 'underReview', 'rejected']).optional() }))
    .nullish(),
  baselineState: z.enum(['new', 'unchanged', 'updated', 'absent']).optional(),
  taxa: z.array(ReportingDescriptorReference).optional(),
});
type SarifResult = z.infer<typeof SarifResult>;

/** Results are checked one by one (below), so one bad result does not hide the others' problems. */
const SarifRun = z.looseObject({
  tool: z.looseObject({ driver: ToolComponent, extensions: z.array(ToolComponent).optional() }),
  results: z.array(z.unknown()).nullish(),
  originalUriBaseIds: z.record(z.string(), ArtifactLocation).optional(),
  artifacts: z.array(z.looseObject({ location: ArtifactLocation.optional() })).optional(),
  taxonomies: z.array(ToolComponent).optional(),
  automationDetails: z.looseObject({ id: z.string().optional() }).optional(),
});
type SarifRun = z.infer<typeof SarifRun>;

const SarifLog = z.looseObject({
  version: z.literal('2.1.0', { error: 'Only SARIF version "2.1.0" is supported.' }),
  runs: z.array(z.unknown()),
});

// ---- problems and paths -----------------------------------------------------------------

type PathSegment = PropertyKey;

class Problems {
  readonly list: Problem[] = [];
  private dropped = 0;

  add(at: readonly PathSegment[], message: string): void {
    if (this.list.length < PROBLEMS_MAX) this.list.push({ path: formatPath(at), message });
    else this.dropped++;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  all(): Problem[] {
    return this.dropped === 0
      ? this.list
      : [...this.list, { path: '', message: `…and ${this.dropped} more problems.` }];
  }
}

/** `['runs', 0, 'results', 3, 'message']` → `runs[0].results[3].message`. */
function formatPath(at: readonly PathSegment[]): string {
  let out = '';
  for (const segment of at) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = typeof segment === 'symbol' ? (segment.description ?? '') : segment;
      if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function parseAt<T extends z.ZodType>(
  schema: T,
  value: unknown,
  at: readonly PathSegment[],
  problems: Problems,
): z.output<T> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.add([...at, ...issue.path], issue.message);
  return undefined;
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- reading results --------------------------------------------------------------------

interface RunContext {
  index: number;
  run: SarifRun;
}

interface FoundLocation extends DraftLocation {
  snippet?: string;
}

/** One result that will appear in a draft. */
interface Finding {
  ctx: RunContext;
  ruleId: string;
  rule: ReportingDescriptor | undefined;
  level: Severity;
  message: string;
  locations: FoundLocation[];
  taxa: ReportingDescriptorReference[];
}

export function sarifToReportDrafts(input: unknown, opts: { maxDrafts?: number } = {}): SarifParseResult {
  const problems = new Problems();
  const findings = readFindings(input, problems);
  if (problems.any) return { ok: false, problems: problems.all() };

  const groups = groupFindings(findings);
  const maxDrafts = opts.maxDrafts ?? DEFAULT_MAX_DRAFTS;
  if (groups.length > maxDrafts)
    return {
      ok: false,
      problems: [
        {
          path: 'runs',
          message: `The log has ${groups.length} groups of findings (one per rule and file); at most ${maxDrafts} can become reports from one upload.`,
        },
      ],
    };
  return { ok: true, drafts: groups.map(toDraft), resultCount: findings.length };
}

function readFindings(input: unknown, problems: Problems): Finding[] {
  const log = parseAt(SarifLog, input, [], problems);
  // A wrong version still gets its runs checked, so the uploader sees everything at once.
  const runs = log?.runs ?? (isRecord(input) && Array.isArray(input.runs) ? (input.runs as unknown[]) : []);
  const findings: Finding[] = [];
  runs.forEach((rawRun, runIndex) => {
    const at = ['runs', runIndex];
    const run = parseAt(SarifRun, rawRun, at, problems);
    const rawResults = run
      ? (run.results ?? [])
      : isRecord(rawRun) && Array.isArray(rawRun.results)
        ? (rawRun.results as unknown[])
        : [];
    const ctx = run ? { index: runIndex, run } : undefined;
    rawResults.forEach((rawResult, resultIndex) => {
      const resultAt = [...at, 'results', resultIndex];
      const result = parseAt(SarifResult, rawResult, resultAt, problems);
      if (!result || !ctx) return;
      const finding = readResult(ctx, result, resultAt, problems);
      if (finding && !isSkipped(result)) findings.push(finding);
    });
  });
  return findings;
}

/** Not a finding to report: suppressed, fixed since the baseline, or not a failure. */
function isSkipped(result: SarifResult): boolean {
  if (result.kind !== undefined && result.kind !== 'fail') return true;
  if (result.baselineState === 'absent') return true;
  const suppressions = result.suppressions ?? [];
  // An empty array means "not suppressed"; any rejected or under-review suppression keeps the result.
  return (
    suppressions.length > 0 && suppressions.every((s) => s.status === undefined || s.status === 'accepted')
  );
}

function readResult(
  ctx: RunContext,
  result: SarifResult,
  at: readonly PathSegment[],
  problems: Problems,
): Finding | undefined {
  const before = problems.list.length;
  const { rule, component } = lookUpRule(ctx, result, at, problems);
  const ruleId = (result.ruleId ?? result.rule?.id ?? rule?.id)?.trim();
  if (ruleId === undefined || ruleId === '')
    problems.add(at, 'A result needs a ruleId (or rule.id, or a ruleIndex naming a rule).');
  const message = resultMessage(result, rule, component, at, problems);
  const locations = (result.locations ?? []).flatMap((location, i) => {
    const physical = location.physicalLocation;
    if (physical?.artifactLocation === undefined) return []; // a logical location only: nothing to list
    const artifactAt = [...at, 'locations', i, 'physicalLocation', 'artifactLocation'];
    const uri = artifactUri(ctx, physical.artifactLocation, artifactAt, problems);
    if (uri === undefined || message === undefined) return [];
    const region = physical.region;
    const snippet = region?.snippet?.text;
    const found: FoundLocation = { uri, message };
    if (region?.startLine !== undefined) found.startLine = region.startLine;
    if (region?.startColumn !== undefined) found.startColumn = region.startColumn;
    if (region?.endLine !== undefined) found.endLine = region.endLine;
    if (snippet !== undefined && snippet.trim() !== '') found.snippet = snippet;
    return [found];
  });
  if (problems.list.length > before || ruleId === undefined || message === undefined) return undefined;
  return {
    ctx,
    ruleId,
    rule,
    level: result.level ?? rule?.defaultConfiguration?.level ?? 'warning',
    message,
    locations,
    taxa: result.taxa ?? [],
  };
}

/** §3.52.3 and §3.54.2: the rule lives in the driver, or in the extension `rule.toolComponent` names. */
function lookUpRule(
  ctx: RunContext,
  result: SarifResult,
  at: readonly PathSegment[],
  problems: Problems,
): { rule: ReportingDescriptor | undefined; component: ToolComponent } {
  const { driver, extensions = [] } = ctx.run.tool;
  const ref = result.rule;
  let component: ToolComponent | undefined = driver;
  let searchAll = true;
  const componentRef = ref?.toolComponent;
  if (componentRef !== undefined) {
    searchAll = false;
    if (componentRef.index !== undefined) {
      component = extensions[componentRef.index];
      if (component === undefined)
        problems.add(
          [...at, 'rule', 'toolComponent', 'index'],
          `There is no tool extension at index ${componentRef.index}.`,
        );
    } else if (componentRef.guid !== undefined) {
      component = [driver, ...extensions].find((c) => c.guid === componentRef.guid) ?? driver;
    } else if (componentRef.name !== undefined) {
      component = [driver, ...extensions].find((c) => c.name === componentRef.name?.trim()) ?? driver;
    }
  }
  if (component === undefined) return { rule: undefined, component: driver };

  const refIndex = ref?.index !== undefined && ref.index >= 0 ? ref.index : undefined;
  const index =
    refIndex ?? (result.ruleIndex !== undefined && result.ruleIndex >= 0 ? result.ruleIndex : undefined);
  if (index !== undefined) {
    const rule = component.rules?.[index];
    if (rule === undefined)
      problems.add(
        [...at, ...(refIndex !== undefined ? ['rule', 'index'] : ['ruleIndex'])],
        `${component.name} has no rule at index ${index}.`,
      );
    return { rule, component };
  }
  const id = (result.ruleId ?? ref?.id)?.trim();
  if (id === undefined) return { rule: undefined, component };
  for (const candidate of searchAll ? [driver, ...extensions] : [component]) {
    const rule = findRuleById(candidate.rules ?? [], id);
    if (rule) return { rule, component: candidate };
  }
  return { rule: undefined, component };
}

/** `CA5350/md5` names rule `CA5350` with one more hierarchical component (§3.27.5). */
function findRuleById(rules: ReportingDescriptor[], id: string): ReportingDescriptor | undefined {
  const exact = rules.find((r) => r.id === id);
  if (exact) return exact;
  let best: ReportingDescriptor | undefined;
  for (const r of rules)
    if (id.startsWith(`${r.id}/`) && (best === undefined || r.id.length > best.id.length)) best = r;
  return best;
}

/** §3.11.7: the text itself, else the rule's messageStrings, else the component's globalMessageStrings. */
function resultMessage(
  result: SarifResult,
  rule: ReportingDescriptor | undefined,
  component: ToolComponent,
  at: readonly PathSegment[],
  problems: Problems,
): string | undefined {
  const { text, id } = result.message;
  let template = text !== undefined && text.trim() !== '' ? text : undefined;
  if (template === undefined && id !== undefined) {
    template = (own(rule?.messageStrings, id) ?? own(component.globalMessageStrings, id))?.text;
    if (template === undefined) {
      problems.add(
        [...at, 'message', 'id'],
        `No message string "${id}" in the rule's messageStrings or ${component.name}'s globalMessageStrings.`,
      );
      return undefined;
    }
  }
  if (template === undefined) return undefined; // reported by the schema
  const filled = fillPlaceholders(template, result.message.arguments ?? []).trim();
  if (filled === '') {
    problems.add([...at, 'message'], 'The result message is empty.');
    return undefined;
  }
  return filled;
}

/** §3.11.5: `{n}` takes the n-th argument; `{{` and `}}` stand for braces. */
function fillPlaceholders(template: string, args: readonly string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (whole: string, n: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    return args[Number(n)] ?? whole;
  });
}

function artifactUri(
  ctx: RunContext,
  location: ArtifactLocation,
  at: readonly PathSegment[],
  problems: Problems,
): string | undefined {
  let target: ArtifactLocation = location;
  if (location.uri === undefined || location.uri.trim() === '') {
    if (location.index === undefined || location.index < 0) {
      problems.add(at, 'An artifactLocation needs a uri, or an index into run.artifacts.');
      return undefined;
    }
    const listed = ctx.run.artifacts?.[location.index]?.location;
    if (listed?.uri === undefined || listed.uri.trim() === '') {
      problems.add([...at, 'index'], `run.artifacts has no location with a uri at index ${location.index}.`);
      return undefined;
    }
    target = listed;
  }
  return resolveUri((target.uri ?? '').trim(), target.uriBaseId, ctx.run.originalUriBaseIds);
}

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * §3.14.14: prepend each base's uri, following its own uriBaseId, until the result is absolute.
 * An unknown base, a base without a uri, or a loop stops there and keeps what is relative so far.
 */
function resolveUri(
  uri: string,
  uriBaseId: string | undefined,
  bases: Record<string, ArtifactLocation> | undefined,
) {
  let resolved = uri.replace(/^\.\//, '');
  if (ABSOLUTE_URI.test(resolved)) return resolved;
  const seen = new Set<string>();
  let baseId = uriBaseId;
  while (baseId !== undefined && !seen.has(baseId)) {
    seen.add(baseId);
    const base = own(bases, baseId);
    const baseUri = base?.uri?.trim();
    if (baseUri === undefined || baseUri === '') break;
    resolved = (baseUri.endsWith('/') ? baseUri : `${baseUri}/`) + resolved;
    if (ABSOLUTE_URI.test(baseUri)) break;
    baseId = base?.uriBaseId;
  }
  return resolved;
}

// ---- grouping ---------------------------------------------------------------------------

interface Group {
  ctx: RunContext;
  ruleId: string;
  /** The artifact of each result's first location; undefined for results with no file location. */
  uri: string | undefined;
  findings: Finding[];
}

function groupFindings(findings: Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of findings) {
    const uri = finding.locations[0]?.uri;
    const key = JSON.stringify([finding.ctx.index, finding.ruleId, uri ?? null]);
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { ctx: finding.ctx, ruleId: finding.ruleId, uri, findings: [finding] });
  }
  return [...groups.values()];
}

const LEVEL_RANK: Record<Severity, number> = { none: 0, note: 1, warning: 2, error: 3 };

function toDraft(group: Group): SarifReportDraft {
  const rule = group.findings.find((f) => f.rule !== undefined)?.rule;
  const severity = group.findings
    .map((f) => f.level)
    .reduce((a, b) => (LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a));
  const locations = group.findings
    .flatMap((f) => f.locations)
    .sort((a, b) => (a.startLine ?? 0) - (b.startLine ?? 0) || (a.startColumn ?? 0) - (b.startColumn ?? 0));
  const cwe = findCwe(group, rule);
  const securitySeverity = parseSecuritySeverity(rule?.properties?.['security-severity']);
  const provenance = provenanceOf(group.ctx);

  const draft: SarifReportDraft = {
    title: titleOf(group, rule),
    description: describe(group, rule, locations, severity, cwe, securitySeverity, provenance),
    ruleId: group.ruleId,
    severity,
    locations: locations.map(({ snippet: _snippet, ...location }) => location),
    provenance,
  };
  if (cwe !== undefined) draft.cwe = cwe;
  if (securitySeverity !== undefined) draft.securitySeverity = securitySeverity;
  return draft;
}

function provenanceOf({ index, run }: RunContext): SarifReportDraft['provenance'] {
  const { driver } = run.tool;
  const provenance: SarifReportDraft['provenance'] = { toolName: driver.name, runIndex: index };
  const toolVersion = nonBlank(driver.version) ?? nonBlank(driver.semanticVersion);
  const toolOrganization = nonBlank(driver.organization);
  const informationUri = nonBlank(driver.informationUri);
  const automationId = nonBlank(run.automationDetails?.id);
  if (toolVersion !== undefined) provenance.toolVersion = toolVersion;
  if (toolOrganization !== undefined) provenance.toolOrganization = toolOrganization;
  if (informationUri !== undefined) provenance.informationUri = informationUri;
  if (automationId !== undefined) provenance.automationId = automationId;
  return provenance;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

// ---- CWE and security severity ----------------------------------------------------------

const CWE_TAG = /^(?:external\/cwe\/)?cwe[-_:]?(\d{1,6})$/i;
const CWE_ID = /^(?:cwe[-_:]?)?(\d{1,6})$/i;

function cweFrom(pattern: RegExp, value: string): string | undefined {
  const digits = pattern.exec(value.trim())?.[1];
  return digits === undefined ? undefined : `CWE-${Number.parseInt(digits, 10)}`;
}

/** The rule's relationships to the CWE taxonomy, then its tags, then the results' own taxa. */
function findCwe(group: Group, rule: ReportingDescriptor | undefined): string | undefined {
  for (const relationship of rule?.relationships ?? []) {
    if (relationship.kinds?.includes('disjoint')) continue;
    const cwe = cweFromReference(group.ctx, relationship.target);
    if (cwe !== undefined) return cwe;
  }
  for (const tag of rule?.properties?.tags ?? []) {
    const cwe = cweFrom(CWE_TAG, tag);
    if (cwe !== undefined) return cwe;
  }
  for (const finding of group.findings)
    for (const taxon of finding.taxa) {
      const cwe = cweFromReference(group.ctx, taxon);
      if (cwe !== undefined) return cwe;
    }
  return undefined;
}

function cweFromReference(ctx: RunContext, ref: ReportingDescriptorReference): string | undefined {
  const taxonomy = findTaxonomy(ctx, ref.toolComponent);
  const name = ref.toolComponent?.name ?? taxonomy?.name;
  if (name?.trim().toUpperCase() !== 'CWE') return undefined;
  const id =
    ref.id ??
    (ref.index !== undefined && ref.index >= 0 ? taxonomy?.taxa?.[ref.index]?.id : undefined) ??
    (ref.guid !== undefined ? taxonomy?.taxa?.find((t) => t.guid === ref.guid)?.id : undefined);
  return id === undefined ? undefined : cweFrom(CWE_ID, id);
}

/** Taxonomies sit in run.taxonomies or, as some producers put them, in tool.extensions. */
function findTaxonomy(ctx: RunContext, ref: ToolComponentReference | undefined): ToolComponent | undefined {
  if (ref === undefined) return undefined;
  const candidates = [...(ctx.run.taxonomies ?? []), ...(ctx.run.tool.extensions ?? [])];
  if (ref.guid !== undefined) {
    const byGuid = candidates.find((c) => c.guid === ref.guid);
    if (byGuid) return byGuid;
  }
  if (ref.name !== undefined) {
    const byName = candidates.find((c) => c.name === ref.name?.trim());
    if (byName) return byName;
  }
  if (ref.index !== undefined) return ctx.run.taxonomies?.[ref.index] ?? ctx.run.tool.extensions?.[ref.index];
  return undefined;
}

function parseSecuritySeverity(value: unknown): number | undefined {
  let score: number | undefined;
  if (typeof value === 'number') score = value;
  else if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) score = Number(value);
  return score !== undefined && Number.isFinite(score) && score >= 0 && score <= 10 ? score : undefined;
}

// ---- text -------------------------------------------------------------------------------

/**
 * §3.11.6: `[text](3)` points at a location of the result and `[text](sarif:/…)` into the log —
 * neither means anything in a report, so only the text stays. Web links stay links unless `plain`.
 */
function renderLinks(message: string, plain: boolean): string {
  return message.replace(
    /\[((?:\\[\\[\]]|[^\\[\]])*)\]\((\d+|[A-Za-z][A-Za-z0-9+.-]*:[^()\s]*)\)/g,
    (whole: string, text: string, destination: string) => {
      const linkText = text.replace(/\\([\\[\]])/g, '$1');
      if (!plain && /^https?:\/\//i.test(destination)) return whole;
      return linkText;
    },
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cut to `max` characters at a word boundary, ending with '…'. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never split a surrogate pair
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/** A path to show people: a file URI's path, percent-decoding undone. */
function displayPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? decodeURIComponent(new URL(uri).pathname) : decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** `ruleId: message (file)`: the file part is kept whole when the message has to be shortened. */
function titleOf(group: Group, rule: ReportingDescriptor | undefined): string {
  const messages = new Set(group.findings.map((f) => f.message));
  const [only] = messages;
  const summaryText =
    (messages.size === 1 ? only : undefined) ??
    nonBlank(rule?.shortDescription?.text) ??
    nonBlank(rule?.name) ??
    group.findings[0]?.message ??
    '';
  const summary = oneLine(renderLinks(summaryText, true)).replace(/(?<!\.)\.$/, '');
  const prefix = `${oneLine(group.ruleId)}: `;
  const suffix = group.uri === undefined ? '' : ` (${oneLine(displayPath(group.uri))})`;
  const whole = `${prefix}${summary}${suffix}`;
  if (whole.length <= TITLE_MAX) return whole;
  const room = TITLE_MAX - prefix.length - suffix.length;
  return room >= 40 ? `${prefix}${truncate(summary, room)}${suffix}` : truncate(whole, TITLE_MAX);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** Inline code whose delimiters no backtick inside can close. */
function inlineCode(text: string): string {
  const content = oneLine(text);
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run in the snippet, indented under a bullet. */
function fencedBlock(snippet: string, indent: string): string {
  let body = snippet
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  if (body.length > SNIPPET_MAX) body = `${body.slice(0, SNIPPET_MAX)}\n…`;
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return [fence, ...body.split('\n'), fence].map((line) => `${indent}${line}`.trimEnd()).join('\n');
}

function locationLabel(location: FoundLocation): string {
  let label = displayPath(location.uri);
  if (location.startLine !== undefined) {
    label += `:${location.startLine}`;
    if (location.startColumn !== undefined) label += `:${location.startColumn}`;
  }
  return label;
}

function ruleText(text: string | undefined): string | undefined {
  const trimmed = nonBlank(text);
  return trimmed === undefined ? undefined : truncate(trimmed, RULE_TEXT_MAX);
}

function describe(
  group: Group,
  rule: ReportingDescriptor | undefined,
  locations: FoundLocation[],
  severity: Severity,
  cwe: string | undefined,
  securitySeverity: number | undefined,
  provenance: SarifReportDraft['provenance'],
): string {
  const count = group.findings.length;
  const where = group.uri === undefined ? '' : ` in ${inlineCode(displayPath(group.uri))}`;
  const intro = `${provenance.toolName} reported ${inlineCode(group.ruleId)} ${count === 1 ? 'once' : `${count} times`}${where} (level: ${severity}).`;

  const about: string[] = [];
  const name = nonBlank(rule?.name);
  if (name !== undefined && name !== group.ruleId) about.push(`**${oneLine(name)}**`);
  const short = ruleText(rule?.shortDescription?.text);
  const full = ruleText(rule?.fullDescription?.markdown ?? rule?.fullDescription?.text);
  const help = ruleText(rule?.help?.markdown ?? rule?.help?.text);
  for (const text of [short, full, help])
    if (text !== undefined && !about.some((seen) => seen.includes(text))) about.push(text);
  const helpUri = nonBlank(rule?.helpUri);
  if (helpUri !== undefined && /^https?:\/\/\S+$/i.test(helpUri))
    about.push(`More about this rule: <${helpUri}>`);
  const facts = [
    cwe === undefined ? undefined : `Weakness: ${cwe}`,
    securitySeverity === undefined ? undefined : `Security severity: ${securitySeverity}`,
  ].filter((fact) => fact !== undefined);
  if (facts.length > 0) about.push(facts.join(' · '));

  const tool = [
    `${provenance.toolName}${provenance.toolVersion === undefined ? '' : ` ${provenance.toolVersion}`}`,
    provenance.toolOrganization === undefined ? undefined : `by ${provenance.toolOrganization}`,
    provenance.informationUri === undefined ? undefined : `(${provenance.informationUri})`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const run = `SARIF run ${provenance.runIndex}${provenance.automationId === undefined ? '' : `, automation id ${inlineCode(provenance.automationId)}`}.`;

  const head = [intro, ...(about.length > 0 ? ['### Rule', ...about] : []), '### Locations'].join('\n\n');
  const tail = ['### Tool', `Reported by ${oneLine(tool)}. ${run}`].join('\n\n');

  const bullets: string[] = [];
  let used = head.length + tail.length;
  const unlocated = group.findings.filter((f) => f.locations.length === 0);
  const entries = [
    ...locations.map((l) => ({
      label: inlineCode(locationLabel(l)),
      message: l.message,
      snippet: l.snippet,
    })),
    ...unlocated.map((f) => ({ label: '(no file location)', message: f.message, snippet: undefined })),
  ];
  for (const [i, entry] of entries.entries()) {
    let bullet = `- ${entry.label} — ${oneLine(renderLinks(entry.message, false))}`;
    if (entry.snippet !== undefined) bullet += `\n\n${fencedBlock(entry.snippet, '  ')}\n`;
    if (used + bullet.length > DESCRIPTION_BUDGET) {
      bullets.push(`- …and ${entries.length - i} more, listed with the report's locations.`);
      break;
    }
    used += bullet.length + 1;
    bullets.push(bullet);
  }
  return [head, bullets.join('\n'), tail].join('\n\n');
}
