import {
  ReportSubmit,
  ReportSubmitted,
  SarifSubmitted,
  TLP_LABELS,
  type ErrorDetail,
  type Tlp,
} from '@clearinghouse/shared';
import { Option, type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { action, isLoopback, type CliIo, type CommandContext, type Session } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { parseJsonFile, readInputFile, type InputFile } from '../input-file.js';
import { clean, fields } from '../output.js';
import { UploadProgress } from '../progress.js';

interface ReportSubmitOptions {
  file?: string;
  sarif?: string;
  org?: string;
  tlp?: Tlp;
  anonymous?: boolean;
}

/** The API's limit on an organization id (`reporterOrgId`). */
const ORG_ID_MAX = 64;
/** A SARIF upload may take a while: a minute, and ten seconds more per megabyte. */
const SARIF_BASE_TIMEOUT_MS = 60_000;
const SARIF_TIMEOUT_MS_PER_MB = 10_000;

export function registerReportSubmit(report: Command, io: CliIo): void {
  report
    .command('submit')
    .summary('submit a vulnerability report (JSON) or scanner findings (SARIF)')
    .description(
      "Submit a vulnerability report from a JSON file shaped like the API's ReportSubmit, checked here " +
        'first (every problem is listed, and nothing is sent while there are any); or upload SARIF 2.1.0 ' +
        'results, which the server files as one report per rule per file. Exactly one of --file and ' +
        '--sarif. A report needs the saved login, or --anonymous: then the answer carries a follow-up ' +
        'secret, shown only once, that lets you read the report later. SARIF needs the login.',
    )
    .addOption(
      new Option('--file <path>', 'the report as JSON ("-" reads stdin)').conflicts(['sarif', 'org', 'tlp']),
    )
    .addOption(new Option('--sarif <path>', 'SARIF 2.1.0 results ("-" reads stdin)').conflicts('anonymous'))
    .addOption(new Option('--org <orgId>', 'with --sarif: submit on behalf of one of your organizations'))
    .addOption(
      new Option(
        '--tlp <label>',
        'with --sarif: the TLP label to ask for (the server defaults to AMBER)',
      ).choices(TLP_LABELS),
    )
    .option('--anonymous', 'with --file: submit without a token, even when logged in')
    .action(action(io, submit));
}

async function submit(context: CommandContext, options: ReportSubmitOptions): Promise<void> {
  if (options.file !== undefined) {
    await submitReport(context, options.file, options.anonymous === true);
  } else if (options.sarif !== undefined) {
    await submitSarif(context, options.sarif, options);
  } else {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      'give the report with --file <path>, or SARIF results with --sarif <path>',
    );
  }
}

async function submitReport(context: CommandContext, path: string, anonymous: boolean): Promise<void> {
  const file = await readInputFile(path, context.io.stdin);
  const body = checkReport(context, file);
  // --anonymous sends no token, even when there is one: the reporter asked not to be known.
  const { server, token } = anonymous
    ? { server: await context.server(), token: undefined }
    : await sessionOrAnonymousHint(context);
  warnIfPlainHttp(context, server);
  const { data: submitted } = await context
    .client(server, token)
    .post('/api/v1/reports', ReportSubmitted, { body });
  if (submitted.followUpSecret !== null) {
    context.out.warn(
      'the follow-up secret is shown only this once: store it now. Anyone who has it can read and answer this report.',
    );
  }
  context.out.result(submitted, () => describeSubmitted(submitted));
}

/** The report as the API's contract has it, or every problem with its path (exit 2, nothing sent). */
function checkReport(context: CommandContext, file: InputFile): ReportSubmit {
  const json = parseJsonFile(file);
  const parsed = ReportSubmit.safeParse(json);
  if (!parsed.success) {
    const details: ErrorDetail[] = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
      code: issue.code,
    }));
    const count = details.length === 1 ? '1 problem' : `${details.length} problems`;
    throw new CliError(ExitCode.Usage, 'invalid_report', `${file.name} is not a valid report (${count})`, {
      details,
    });
  }
  // The contract ignores fields it does not know; a misspelt one would vanish without a word.
  if (typeof json === 'object' && json !== null) {
    const unknown = Object.keys(json).filter((key) => !Object.hasOwn(ReportSubmit.shape, key));
    if (unknown.length > 0) {
      context.out.warn(
        `${file.name}: ignoring unknown field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`,
      );
    }
  }
  return parsed.data;
}

/** The saved login; when there is none, the error also points at --anonymous. */
async function sessionOrAnonymousHint(context: CommandContext): Promise<Session> {
  try {
    return await context.session();
  } catch (error) {
    if (error instanceof CliError && error.code === 'not_logged_in') {
      throw new CliError(
        ExitCode.Auth,
        'not_logged_in',
        `${error.message}, or add --anonymous to submit without an account`,
        { cause: error },
      );
    }
    throw error;
  }
}

function describeSubmitted(submitted: ReportSubmitted): string {
  const lines = [
    `Report ${submitted.ref} submitted.`,
    fields([
      ['Reference', submitted.ref],
      ['ID', submitted.id],
      ['Status', submitted.status],
      [
        'Acknowledgement',
        submitted.acknowledgementSentTo === null
          ? 'none sent'
          : `e-mailed to ${submitted.acknowledgementSentTo}`,
      ],
    ]),
  ];
  if (submitted.followUpSecret !== null) {
    lines.push(
      '',
      'FOLLOW-UP SECRET — shown only this once, store it now (a password manager will do):',
      '',
      `    ${clean(submitted.followUpSecret)}`,
      '',
      'Without an account it is the only way to read and answer this report. Keep it out of shell',
      'history and arguments; put it in an environment variable and name the variable:',
      '    read -rs CH_FOLLOWUP_SECRET && export CH_FOLLOWUP_SECRET',
      '    clearinghouse report status --followup-secret-env CH_FOLLOWUP_SECRET',
    );
  }
  return lines.join('\n');
}

async function submitSarif(
  context: CommandContext,
  path: string,
  options: ReportSubmitOptions,
): Promise<void> {
  if (options.org !== undefined && (options.org.trim() === '' || options.org.length > ORG_ID_MAX)) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      `--org must be an organization id of 1 to ${ORG_ID_MAX} characters`,
    );
  }
  const file = await readInputFile(path, context.io.stdin);
  parseJsonFile(file); // a file that is not JSON at all is not sent
  const session = await context.session();
  warnIfPlainHttp(context, session.server);

  const total = file.data.byteLength;
  const progress = UploadProgress.start(context.io.stderr, {
    label: file.name,
    total,
    json: context.out.json,
  });
  let submitted: SarifSubmitted;
  try {
    ({ data: submitted } = await context
      .client(session.server, session.token)
      .post('/api/v1/reports/sarif', SarifSubmitted, {
        query: { reporterOrgId: options.org, tlp: options.tlp },
        rawBody: { data: file.data, contentType: 'application/sarif+json' },
        onUploadProgress: progress === undefined ? undefined : (sent, all) => progress.update(sent, all),
        timeoutMs: SARIF_BASE_TIMEOUT_MS + Math.ceil(total / 1_000_000) * SARIF_TIMEOUT_MS_PER_MB,
      }));
  } finally {
    progress?.finish();
  }
  context.out.result(submitted, () => describeSarifSubmitted(file.name, submitted));
}

function describeSarifSubmitted(name: string, submitted: SarifSubmitted): string {
  const findings = `${submitted.resultCount} finding${submitted.resultCount === 1 ? '' : 's'}`;
  const count = submitted.reports.length;
  return [
    `${findings} in ${name}, filed as ${count} report${count === 1 ? '' : 's'}:`,
    ...submitted.reports.map((report) => clean(`  ${report.ref}  ${report.id}`)),
  ].join('\n');
}

function warnIfPlainHttp(context: CommandContext, server: string): void {
  if (server.startsWith('http://') && !isLoopback(server)) {
    context.out.warn(`${server} does not use HTTPS: the report crosses the network unencrypted`);
  }
}
