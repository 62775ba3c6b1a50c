import { Report, type CvssScore, type ReportMessage, type SsvcResult } from '@clearinghouse/shared';
import type { Command } from 'commander';
import { ApiError } from '../api-client.js';
import { CliError } from '../cli-error.js';
import { readVariable } from '../config-file.js';
import { actionWithArgument, isLoopback, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { clean, fields, formatTime } from '../output.js';

interface ReportStatusOptions {
  followupSecretEnv?: string;
}

/** How many of the latest messages are shown; `--json` has them all. */
const MESSAGES_SHOWN = 5;
/** Lines of one message body shown before it is cut. */
const MESSAGE_LINES_SHOWN = 20;
/** The API's bounds on an id or reference and on a follow-up secret. */
const ID_MAX = 64;
const SECRET_MIN = 10;
const SECRET_MAX = 200;

const SSVC_LABELS: Record<SsvcResult['decision'], string> = {
  track: 'Track',
  track_star: 'Track*',
  attend: 'Attend',
  act: 'Act',
};

export function registerReportStatus(report: Command, io: CliIo): void {
  report
    .command('status')
    .summary('show a report: status, response times, validation and the latest messages')
    .description(
      'Show a report by its id or VR- reference: status, TLP, response-time targets (with overdue ' +
        'markers), the validation (CVSS, SSVC, CWE), the case it opened, and the latest messages. ' +
        'An anonymous reporter reads their report with --followup-secret-env instead of a login: it ' +
        'names the environment variable that holds the follow-up secret, which never goes on the ' +
        'command line.',
    )
    .argument(
      '[idOrRef]',
      'report id (rpt_…) or reference (VR-2026-00042); optional with --followup-secret-env',
    )
    .option(
      '--followup-secret-env <name>',
      'as the anonymous reporter: the NAME of the environment variable holding the follow-up secret',
    )
    .action(actionWithArgument(io, status));
}

async function status(
  context: CommandContext,
  idOrRef: string | undefined,
  options: ReportStatusOptions,
): Promise<void> {
  if (idOrRef !== undefined) checkIdOrRef(idOrRef);
  const report =
    options.followupSecretEnv === undefined
      ? await readReport(context, idOrRef)
      : await readReportByFollowup(context, options.followupSecretEnv, idOrRef);
  context.out.result(report, () => describeReport(report));
}

async function readReport(context: CommandContext, idOrRef: string | undefined): Promise<Report> {
  if (idOrRef === undefined) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      "give the report's id or reference, or --followup-secret-env <name> as its anonymous reporter",
    );
  }
  const session = await context.session();
  const { data } = await context
    .client(session.server, session.token)
    .get(`/api/v1/reports/${encodeURIComponent(idOrRef)}`, Report);
  return data;
}

async function readReportByFollowup(
  context: CommandContext,
  name: string,
  idOrRef: string | undefined,
): Promise<Report> {
  const secret = readFollowupSecret(context, name);
  const server = await context.server();
  if (server.startsWith('http://') && !isLoopback(server)) {
    context.out.warn(`${server} does not use HTTPS: the follow-up secret crosses the network unencrypted`);
  }
  let report: Report;
  try {
    // No token: the secret alone says who is asking.
    ({ data: report } = await context.client(server).get('/api/v1/followup/report', Report, {
      headers: { 'x-followup-secret': secret },
    }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new CliError(
        ExitCode.Auth,
        'followup_secret_rejected',
        `the server did not accept the follow-up secret in $${name}: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  if (idOrRef !== undefined && idOrRef !== report.id && idOrRef !== report.ref) {
    throw new CliError(
      ExitCode.Rejected,
      'report_mismatch',
      `the follow-up secret in $${name} is for report ${report.ref}, not ${idOrRef}`,
    );
  }
  return report;
}

/** The secret from the variable the user named; never from argv, and never printed. */
function readFollowupSecret(context: CommandContext, name: string): string {
  const nameHint = '--followup-secret-env takes the name of an environment variable, not the secret';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.startsWith('chf_')) {
    // Not echoed: it may be the secret itself.
    throw new CliError(ExitCode.Usage, 'usage_error', `${nameHint} (e.g. CH_FOLLOWUP_SECRET)`);
  }
  const secret = readVariable(context.io.env, name)?.trim();
  if (secret === undefined) {
    throw new CliError(
      ExitCode.Usage,
      'followup_secret_missing',
      `environment variable ${name} is not set or empty (${nameHint})`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(secret) || secret.length < SECRET_MIN || secret.length > SECRET_MAX) {
    throw new CliError(
      ExitCode.Usage,
      'followup_secret_invalid',
      `$${name} does not hold a follow-up secret (${SECRET_MIN} to ${SECRET_MAX} printable characters, no spaces)`,
    );
  }
  return secret;
}

function checkIdOrRef(idOrRef: string): void {
  if (!/^[\x21-\x7e]+$/.test(idOrRef) || idOrRef.length > ID_MAX) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      `'${clean(idOrRef.slice(0, ID_MAX))}' is not a report id or reference (such as VR-2026-00042)`,
    );
  }
}

function describeReport(report: Report): string {
  const times = report.responseTimes;
  const rows: [string, string][] = [
    ['Reference', report.ref],
    ['Title', report.title],
    ['ID', report.id],
    [
      'Status',
      report.duplicateOf === null ? report.status : `${report.status} (of ${report.duplicateOf.ref})`,
    ],
  ];
  if (report.statusReason !== null && report.statusReason.trim() !== '') {
    rows.push(['Reason', oneLine(report.statusReason)]);
  }
  rows.push(
    ['TLP', report.tlp],
    ['Created', formatTime(report.createdAt)],
    [
      'First response',
      responseTime(times.firstResponseDueAt, times.firstResponseAt, times.firstResponseOverdue, 'responded'),
    ],
    ['Triage', responseTime(times.triageDueAt, times.triagedAt, times.triageOverdue, 'triaged')],
  );
  const validation = report.validation;
  if (validation !== null) {
    if (validation.cvss31 !== null) rows.push(['CVSS 3.1', cvss(validation.cvss31)]);
    if (validation.cvss40 !== null) rows.push(['CVSS 4.0', cvss(validation.cvss40)]);
    if (validation.ssvc !== null) {
      rows.push(['SSVC', `${SSVC_LABELS[validation.ssvc.decision]} (${validation.ssvc.vector})`]);
    }
    if (validation.cwe !== null) rows.push(['CWE', `${validation.cwe.id} ${validation.cwe.name}`]);
    rows.push(['Reproduced', validation.reproduced ? 'yes' : 'no']);
  }
  if (report.caseId !== null)
    rows.push(['Case', report.caseRef ? `${report.caseRef} (${report.caseId})` : report.caseId]);
  return [fields(rows), '', ...describeMessages(report.messages)].join('\n');
}

/** `due …`, `due … — OVERDUE`, or `responded … (due …)` with `— late` when it was. */
function responseTime(dueAt: string, doneAt: string | null, overdue: boolean, done: string): string {
  if (doneAt === null) return `due ${formatTime(dueAt)}${overdue ? ' — OVERDUE' : ''}`;
  const late = Date.parse(doneAt) > Date.parse(dueAt) ? ' — late' : '';
  return `${done} ${formatTime(doneAt)} (due ${formatTime(dueAt)})${late}`;
}

function cvss(score: CvssScore): string {
  return `${score.baseScore.toFixed(1)} ${score.severity} (${score.vector})`;
}

/** The latest messages a reporter may see, oldest first; internal notes are left out. */
function describeMessages(messages: readonly ReportMessage[]): string[] {
  const visible = messages
    .filter((message) => !message.internal)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  if (visible.length === 0) return ['Messages: none'];
  const shown = visible.slice(-MESSAGES_SHOWN);
  const lines = [
    shown.length === visible.length
      ? `Messages (${visible.length}):`
      : `Messages (the last ${shown.length} of ${visible.length}; --json has all):`,
  ];
  for (const message of shown) {
    lines.push(`  ${formatTime(message.createdAt)}  ${clean(message.author)}`);
    const body = message.body.replace(/\r\n?/g, '\n').trimEnd().split('\n');
    for (const line of body.slice(0, MESSAGE_LINES_SHOWN)) lines.push(`    ${clean(line)}`.trimEnd());
    if (body.length > MESSAGE_LINES_SHOWN) {
      lines.push(`    … ${body.length - MESSAGE_LINES_SHOWN} more lines`);
    }
  }
  return lines;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]+\s*/g, ' ');
}
