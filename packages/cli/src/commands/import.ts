import { extname } from 'node:path';
import {
  ImportFromUrl,
  ImportReport,
  type ImportIntegrity,
  type ImportOutcome,
  type ValidationFinding,
} from '@clearinghouse/shared';
import { Option, type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { actionWithArgument, isLoopback, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { parseJsonFile, readInputFile, type InputFile } from '../input-file.js';
import { clean } from '../output.js';
import { UploadProgress } from '../progress.js';
import { limitParser, plural } from './advisories-common.js';

interface ImportOptions {
  limit?: number;
}

/** The API's bound on the documents taken from one provider. */
const LIMIT_MAX = 5000;
/** Problems listed under one document; --json has them all. */
const PROBLEMS_SHOWN = 10;
/** Importing may take a while: the server fetches, validates and checks signatures. */
const URL_TIMEOUT_MS = 300_000;
const UPLOAD_BASE_TIMEOUT_MS = 120_000;
const UPLOAD_TIMEOUT_MS_PER_MB = 10_000;

const MEDIA_TYPES: Partial<Record<string, string>> = {
  '.json': 'application/json',
  '.zip': 'application/zip',
};

export function registerImport(program: Command, io: CliIo): void {
  program
    .command('import')
    .summary("import other publishers' CSAF 2.0 or OSV advisories, from a URL or a file")
    .description(
      "Import other publishers' advisories. A URL is fetched by the server: a CSAF document, a " +
        "provider's provider-metadata.json (its ROLIE feeds or directories are followed, up to " +
        '--limit documents) or an OSV record. A file is uploaded as it is: one CSAF or OSV document ' +
        '(.json) or a .zip of them. Prints, per document, what became of it, whether it is valid (or ' +
        'the tests it fails) and its integrity: hashes and signature. Exits 5 when any document was ' +
        'rejected.',
    )
    .argument('<fileOrUrl>', 'a .json or .zip file, or an http(s):// URL')
    .addOption(
      new Option(
        '--limit <n>',
        `with a URL: at most this many documents (1 to ${LIMIT_MAX}; server default 500)`,
      ).argParser(limitParser(LIMIT_MAX)),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse import https://psirt.example.com/.well-known/csaf/provider-metadata.json --limit 100
  $ clearinghouse import advisories.zip --json`,
    )
    .action(actionWithArgument(io, importAdvisories));
}

async function importAdvisories(
  context: CommandContext,
  argument: string | undefined,
  options: ImportOptions,
): Promise<void> {
  if (argument === undefined || argument.trim() === '') {
    throw new CliError(ExitCode.Usage, 'usage_error', 'give a .json or .zip file, or an http(s):// URL');
  }
  const report = /^https?:\/\//i.test(argument.trim())
    ? await importUrl(context, argument.trim(), options)
    : await importFile(context, argument, options);

  context.out.result(report, () => describeReport(report));
  const rejected = report.documents.filter((d) => d.outcome === 'rejected').length;
  if (rejected > 0) {
    throw new CliError(
      ExitCode.Rejected,
      'import_rejected',
      `${rejected} of ${plural(report.documents.length, 'document')} rejected`,
    );
  }
}

async function importUrl(
  context: CommandContext,
  url: string,
  options: ImportOptions,
): Promise<ImportReport> {
  const body = { url, ...(options.limit === undefined ? {} : { limit: options.limit }) };
  const parsed = ImportFromUrl.safeParse(body);
  if (!parsed.success) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      `'${clean(url.slice(0, 200))}' is not an http(s) URL the server can fetch`,
    );
  }
  const session = await context.session();
  warnIfPlainHttp(context, session.server);
  const { data } = await context
    .client(session.server, session.token)
    .post('/api/v1/imports', ImportReport, { body, timeoutMs: URL_TIMEOUT_MS });
  return data;
}

async function importFile(
  context: CommandContext,
  path: string,
  options: ImportOptions,
): Promise<ImportReport> {
  if (options.limit !== undefined) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      '--limit applies to a URL import only; a file is imported whole',
    );
  }
  const extension = extname(path).toLowerCase();
  const contentType = MEDIA_TYPES[extension];
  if (contentType === undefined) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      `${path}: expected a .json or .zip file, or an http(s):// URL`,
    );
  }
  const file = await readInputFile(path, context.io.stdin);
  checkFile(file, extension);
  const session = await context.session();
  warnIfPlainHttp(context, session.server);

  const total = file.data.byteLength;
  const progress = UploadProgress.start(context.io.stderr, {
    label: file.name,
    total,
    json: context.out.json,
  });
  try {
    const { data } = await context
      .client(session.server, session.token)
      .post('/api/v1/imports/upload', ImportReport, {
        query: { filename: basename(path) },
        rawBody: { data: file.data, contentType },
        onUploadProgress: progress === undefined ? undefined : (sent, all) => progress.update(sent, all),
        timeoutMs: UPLOAD_BASE_TIMEOUT_MS + Math.ceil(total / 1_000_000) * UPLOAD_TIMEOUT_MS_PER_MB,
      });
    return data;
  } finally {
    progress?.finish();
  }
}

/** A file that cannot be what its name says is not sent (exit 2). */
function checkFile(file: InputFile, extension: string): void {
  if (extension === '.json') {
    parseJsonFile(file);
    return;
  }
  // A zip archive starts with a local file header, or (empty) with the end of its directory.
  const magic = file.data.subarray(0, 4).toString('latin1');
  if (magic !== 'PK\u0003\u0004' && magic !== 'PK\u0005\u0006') {
    throw new CliError(ExitCode.Usage, 'invalid_zip', `${file.name} is not a zip archive`);
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function describeReport(report: ImportReport): string {
  const { counts } = report;
  if (report.documents.length === 0) return 'No documents found to import.';
  const lines: string[] = [];
  for (const outcome of report.documents) lines.push(...describeOutcome(outcome), '');
  const invalid = counts.invalid === 0 ? '' : `; ${counts.invalid} stored but invalid`;
  lines.push(
    `${plural(report.documents.length, 'document')}: ${counts.inserted} inserted, ${counts.updated} updated, ` +
      `${counts.unchanged} unchanged, ${counts.rejected} rejected${invalid}.`,
  );
  return lines.join('\n');
}

function describeOutcome(outcome: ImportOutcome): string[] {
  const document = outcome.document;
  const head =
    document === null ? '(unreadable)' : `${document.trackingId}  ${document.format.toUpperCase()}`;
  const lines = [clean(`${outcome.outcome.padEnd(9)}  ${head}`)];
  if (document !== null) lines.push(clean(`  title:      ${document.title}`));
  lines.push(clean(`  source:     ${outcome.source}`));
  if (document !== null) {
    lines.push(clean(`  publisher:  ${document.publisher}`));
    lines.push(`  valid:      ${document.valid ? 'yes' : 'no'}`);
    lines.push(clean(`  integrity:  ${describeIntegrity(document.integrity)}`));
  }
  if (outcome.problems.length > 0) {
    const count = outcome.problems.length;
    const label =
      outcome.outcome === 'rejected' || document === null
        ? 'problems'
        : document.valid
          ? 'warnings'
          : 'failing tests';
    lines.push(`  ${label} (${count}):`, ...describeProblems(outcome.problems));
  }
  return lines;
}

function describeIntegrity(integrity: ImportIntegrity): string {
  const signer =
    integrity.signature === 'verified' && integrity.signer !== null ? ` (key ${integrity.signer})` : '';
  return `sha256 ${integrity.sha256}, sha512 ${integrity.sha512}, signature ${integrity.signature.replace('_', ' ')}${signer}`;
}

function describeProblems(problems: readonly ValidationFinding[]): string[] {
  const lines = problems.slice(0, PROBLEMS_SHOWN).map((problem) => {
    const where = problem.path === '' ? '' : ` ${problem.path}`;
    return clean(`    ${problem.test}${where}: ${problem.message}`);
  });
  if (problems.length > PROBLEMS_SHOWN) {
    lines.push(`    … ${problems.length - PROBLEMS_SHOWN} more (--json has all)`);
  }
  return lines;
}

function warnIfPlainHttp(context: CommandContext, server: string): void {
  if (server.startsWith('http://') && !isLoopback(server)) {
    context.out.warn(`${server} does not use HTTPS: the token crosses the network unencrypted`);
  }
}
