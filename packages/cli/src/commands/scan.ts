import { writeFile } from 'node:fs/promises';
import { ScanResult, type ScanComponent } from '@clearinghouse/shared';
import { parseInventory, type ComponentIdentity, type ParsedInventory } from '@clearinghouse/shared/matching';
import { Option, type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { CommandExit } from '../command-exit.js';
import { actionWithArgument, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { parseJsonFile, readInputFile, type InputFile } from '../input-file.js';
import { clean } from '../output.js';
import { plural, reader } from './advisories-common.js';
import { checkFeedBundle, defaultFeedPath, indexOf, scanOffline } from './feed-bundle.js';
import { refuseFile } from './file-problems.js';
import { startProgressBar } from './progress-bar.js';
import {
  FAIL_ON,
  findingsOf,
  summarize,
  summaryLine,
  type FailOn,
  type ScanFinding,
} from './scan-findings.js';
import { ignoreEntryFor, parseIgnoreFile, type IgnoreList } from './scan-ignore.js';
import { renderTable, type ScanReport, type ScanSource } from './scan-report.js';
import { artifactUri, toSarif } from './scan-sarif.js';

export const SCAN_FORMATS = ['table', 'json', 'sarif'] as const;
type ScanFormat = (typeof SCAN_FORMATS)[number];

interface ScanOptions {
  offline?: string | true;
  format: ScanFormat;
  output?: string;
  all?: boolean;
  ignore?: string;
  failOn: FailOn;
}

/** Components per POST /api/v1/scan: well under the API's 100,000, and a request that answers quickly. */
export const SCAN_CHUNK = 10_000;
const SCAN_TIMEOUT_MS = 120_000;
/** A feed older than this is probably missing advisories released since: say so. */
const STALE_FEED_DAYS = 7;
/** Warnings of the input file shown one by one; --json has them all. */
const WARNINGS_SHOWN = 10;

export function registerScan(program: Command, io: CliIo): void {
  program
    .command('scan')
    .summary('find known vulnerabilities in an SBOM, a CSV inventory or a package-lock.json')
    .description(
      'Match the components of a file against the advisories of the clearinghouse, without storing ' +
        'anything: CycloneDX 1.4–1.6 JSON, SPDX 2.3 JSON, a CSV inventory or an npm package-lock.json ' +
        '("-" reads stdin). The file is parsed here; only the components are sent to POST /api/v1/scan ' +
        '(signed in, you see what you may read; else TLP:CLEAR only). With --offline nothing leaves ' +
        "this machine: the components are matched against a feed bundle from 'clearinghouse feed pull'. " +
        'Findings are ranked as the server ranks exposures: known exploited first, then SSVC act, ' +
        'attend, then CVSS. Exits 0 when clean, 1 when --fail-on counts a finding, 2 for a file with ' +
        'problems (each printed with its location) or no usable feed bundle.',
    )
    .argument('<file>', 'CycloneDX or SPDX JSON, CSV, or package-lock.json ("-" for stdin)')
    .option(
      '--offline [bundle]',
      'match locally against a feed bundle, no network (default: $XDG_CACHE_HOME/clearinghouse/feed.json or ~/.cache/clearinghouse/feed.json); give a path as --offline=<bundle>',
    )
    .addOption(new Option('--format <format>', 'report format').choices(SCAN_FORMATS).default('table'))
    .option('--output <file>', 'write the report to this file instead of stdout')
    .option('--all', 'also list low-confidence matches (product name only), marked as such')
    .option(
      '--ignore <file>',
      'JSON ignore file: {"ignore":[{"id":"CVE-…","reason":"…","until":"2027-01-31"}]} (see README)',
    )
    .addOption(
      new Option(
        '--fail-on <priority>',
        'the lowest priority that makes the exit code 1 (low-confidence matches never do)',
      )
        .choices(FAIL_ON)
        .default('any'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse scan sbom.cdx.json
  $ clearinghouse scan package-lock.json --format sarif --output clearinghouse.sarif --fail-on act
  $ clearinghouse feed pull && clearinghouse scan inventory.csv --offline
  $ syft . -o cyclonedx-json | clearinghouse scan - --json`,
    )
    .action(actionWithArgument(io, scan));
}

async function scan(context: CommandContext, path: string | undefined, options: ScanOptions): Promise<void> {
  if (path === undefined || path.trim() === '') {
    throw new CliError(ExitCode.Usage, 'usage_error', 'give the file to scan, or "-" for stdin');
  }
  const format = reportFormat(context, options);
  // Everything that can be wrong with the input is found before anything is sent.
  const ignores = options.ignore === undefined ? undefined : await readIgnoreFile(context, options.ignore);
  const file = await readInputFile(path, context.io.stdin);
  const parsed = parseInput(context, file);

  const { result, source } =
    options.offline === undefined
      ? await scanOnline(context, file, parsed.components, options.all === true)
      : await scanWithBundle(context, options.offline, parsed.components, options.all === true);

  const report = buildReport(findingsOf(parsed.components, result), ignores, options.failOn, {
    parsed,
    file,
    source,
  });
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'sarif'
        ? `${JSON.stringify(
            toSarif(
              report,
              file.name === 'stdin' ? undefined : artifactUri(path),
              source.mode === 'online' ? source.server : undefined,
            ),
            null,
            2,
          )}\n`
        : `${renderTable(report)}\n`;
  if (options.output === undefined) {
    context.io.stdout.write(text);
  } else {
    await writeReport(options.output, text);
    if (!context.out.json)
      context.io.stdout.write(`${summaryLine(report.summary)} Report written to ${options.output}.\n`);
  }
  if (report.summary.failing > 0) throw new CommandExit(ExitCode.Findings);
}

/** `--json` is `--format json`; it cannot also be SARIF. */
function reportFormat(context: CommandContext, options: ScanOptions): ScanFormat {
  if (!context.out.json) return options.format;
  if (options.format === 'sarif') {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      '--json prints the JSON report; for SARIF use --format sarif without --json',
    );
  }
  return 'json';
}

async function readIgnoreFile(context: CommandContext, path: string): Promise<IgnoreList> {
  const file = await readInputFile(path, context.io.stdin);
  const parsed = parseIgnoreFile(parseJsonFile(file), new Date());
  if (!parsed.ok) {
    refuseFile(
      context,
      {
        code: 'ignore_file_invalid',
        message: `ignore file ${file.name} has ${plural(parsed.problems.length, 'problem')}:`,
        file: file.name,
      },
      parsed.problems,
    );
  }
  for (const entry of parsed.list.expired) {
    context.out.warn(
      `the ignore entry for ${entry.id} in ${file.name} expired (until ${entry.until ?? '?'}); it no longer applies`,
    );
  }
  return parsed.list;
}

/** The file's components; a file with any error is refused with every problem and its location. */
function parseInput(context: CommandContext, file: InputFile): ParsedInventory {
  const text = file.data.toString('utf8');
  const parsed = parseInventory(text, { filename: file.name });
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    refuseFile(
      context,
      {
        code: 'inventory_invalid',
        message: `${file.name} cannot be scanned, ${plural(errors.length, 'problem')}:`,
        file: file.name,
      },
      errors,
    );
  }
  const warnings = parsed.problems.filter((p) => p.severity === 'warning');
  for (const warning of context.out.json ? warnings : warnings.slice(0, WARNINGS_SHOWN)) {
    context.out.warn(clean(`${file.name} ${warning.location}: ${warning.message}`));
  }
  if (!context.out.json && warnings.length > WARNINGS_SHOWN) {
    context.out.warn(
      `${file.name}: ${warnings.length - WARNINGS_SHOWN} more warnings (--json lists them all)`,
    );
  }
  return parsed;
}

async function scanOnline(
  context: CommandContext,
  file: InputFile,
  components: readonly ComponentIdentity[],
  includeLowConfidence: boolean,
): Promise<{ result: ScanResult; source: ScanSource }> {
  const from = await reader(context);
  const source: ScanSource = { mode: 'online', server: from.server, authenticated: from.token !== undefined };
  if (from.token === undefined) {
    context.out.warn(`not logged in to ${from.server}: matched against TLP:CLEAR advisories only`);
  }
  const result: ScanResult = { matches: [], vulnerabilities: {} };
  if (components.length === 0) return { result, source };
  const progress = startProgressBar(context.io.stderr, {
    label: `Scanning ${file.name}`,
    total: components.length,
    unit: 'components',
    json: context.out.json,
    bytes: file.data.byteLength,
  });
  try {
    for (let start = 0; start < components.length; start += SCAN_CHUNK) {
      const chunk = components.slice(start, start + SCAN_CHUNK);
      const { data } = await from.client.post('/api/v1/scan', ScanResult, {
        body: { components: chunk.map(scanComponentOf), includeLowConfidence },
        timeoutMs: SCAN_TIMEOUT_MS,
      });
      // Each answer indexes its own chunk.
      for (const match of data.matches)
        result.matches.push({ ...match, componentIndex: start + match.componentIndex });
      Object.assign(result.vulnerabilities, data.vulnerabilities);
      progress?.update(start + chunk.length);
    }
  } finally {
    progress?.stop();
  }
  return { result, source };
}

/** What the API takes of a component: its identity, not its hashes or site. */
function scanComponentOf(c: ComponentIdentity): ScanComponent {
  return {
    name: c.name,
    vendor: c.vendor,
    version: c.version,
    purl: c.purl,
    cpe: c.cpe,
    modelNumber: c.modelNumber,
  };
}

async function scanWithBundle(
  context: CommandContext,
  offline: string | true,
  components: readonly ComponentIdentity[],
  includeLowConfidence: boolean,
): Promise<{ result: ScanResult; source: ScanSource }> {
  const path = offline === true ? defaultFeedPath(context.env) : offline;
  let file: InputFile;
  try {
    file = await readInputFile(path, context.io.stdin);
  } catch (error) {
    if (offline === true && error instanceof CliError) {
      throw new CliError(
        ExitCode.Usage,
        'feed_missing',
        `no feed bundle at ${path} — run 'clearinghouse feed pull' first, or give one with --offline=<bundle>`,
        { cause: error },
      );
    }
    throw error;
  }
  const checked = checkFeedBundle(parseJsonFile(file));
  const indexed = checked.ok ? indexOf(checked.bundle) : checked;
  if (!checked.ok || !indexed.ok) {
    refuseFile(
      context,
      { code: 'feed_invalid', message: `${file.name} is not a usable feed bundle:`, file: file.name },
      indexed.ok ? [] : indexed.problems,
    );
  }
  const { bundle } = checked;
  const ageDays = (Date.now() - Date.parse(bundle.generatedAt)) / 86_400_000;
  if (ageDays > STALE_FEED_DAYS) {
    context.out.warn(
      `the feed bundle ${file.name} is ${Math.floor(ageDays)} days old — run 'clearinghouse feed pull' for advisories released since`,
    );
  }
  return {
    result: scanOffline(bundle, indexed.index, components, includeLowConfidence),
    source: { mode: 'offline', bundle: path, generatedAt: bundle.generatedAt, publisher: bundle.publisher },
  };
}

function buildReport(
  findings: ScanFinding[],
  ignores: IgnoreList | undefined,
  failOn: FailOn,
  input: { parsed: ParsedInventory; file: InputFile; source: ScanSource },
): ScanReport {
  const results: ScanFinding[] = [];
  const ignored: ScanReport['ignored'] = [];
  for (const finding of findings) {
    const entry = ignores === undefined ? undefined : ignoreEntryFor(ignores, finding);
    if (entry === undefined) results.push(finding);
    else ignored.push({ ...finding, ignoredBy: entry });
  }
  return {
    results,
    ignored,
    summary: summarize(input.parsed.components.length, results, ignored.length, failOn),
    input: { path: input.file.name, format: input.parsed.format, specVersion: input.parsed.specVersion },
    source: input.source,
  };
}

async function writeReport(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    const reason =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? String(error));
    throw new CliError(ExitCode.Usage, 'file_unwritable', `cannot write ${path}: ${reason}`, {
      cause: error,
    });
  }
}
