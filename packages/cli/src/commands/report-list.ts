import { Page, REPORT_STATUSES, ReportSummary, type ReportStatus } from '@clearinghouse/shared';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UnexpectedResponseError } from '../api-client.js';
import { action, type CliIo, type CommandContext } from '../context.js';
import { formatAge, table, truncate } from '../output.js';

interface ReportListOptions {
  status?: ReportStatus[];
  overdue?: boolean;
  mine?: boolean;
  limit: number;
}

const ReportPage = Page(ReportSummary);
/** The API's largest page. */
const PAGE_SIZE_MAX = 200;
const LIMIT_DEFAULT = 50;
const LIMIT_MAX = 10_000;
const TITLE_WIDTH = 60;

export function registerReportList(report: Command, io: CliIo): void {
  report
    .command('list')
    .summary('list reports, newest first')
    .description(
      'List reports, newest first: the triage queue for analysts, your own reports and your ' +
        "organizations' for everyone else.",
    )
    .addOption(
      new Option(
        '--status <list>',
        `only these statuses, comma-separated: ${REPORT_STATUSES.join(', ')}`,
      ).argParser(parseStatuses),
    )
    .option('--overdue', 'only reports past a response-time target')
    .option('--mine', 'only reports I submitted')
    .addOption(
      new Option('--limit <n>', `at most this many (1 to ${LIMIT_MAX})`)
        .argParser(parseLimit)
        .default(LIMIT_DEFAULT),
    )
    .action(action(io, listReports));
}

function parseStatuses(value: string): ReportStatus[] {
  const statuses = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = statuses.filter((s) => !(REPORT_STATUSES as readonly string[]).includes(s));
  if (statuses.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `${unknown.length > 0 ? `unknown ${unknown.join(', ')}; ` : ''}expected a comma-separated list of ${REPORT_STATUSES.join(', ')}`,
    );
  }
  return [...new Set(statuses)] as ReportStatus[];
}

function parseLimit(value: string): number {
  const limit = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > LIMIT_MAX) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${LIMIT_MAX}`);
  }
  return limit;
}

async function listReports(context: CommandContext, options: ReportListOptions): Promise<void> {
  const session = await context.session();
  const client = context.client(session.server, session.token);
  const reports: ReportSummary[] = [];
  const seen = new Set<string>();
  let more = false;
  let cursor: string | undefined;
  do {
    const wanted = options.limit - reports.length;
    const { data: page } = await client.get('/api/v1/reports', ReportPage, {
      query: {
        status: options.status?.join(','),
        overdue: options.overdue === true ? 'true' : undefined,
        mine: options.mine === true ? 'true' : undefined,
        cursor,
        // One more than wanted on the last page tells whether the list goes on.
        limit: String(Math.min(wanted + 1, PAGE_SIZE_MAX)),
      },
    });
    reports.push(...page.items.slice(0, wanted));
    more = page.items.length > wanted || (reports.length >= options.limit && page.nextCursor !== null);
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new UnexpectedResponseError(200, `the server repeated the page cursor ${cursor}`, undefined);
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined && reports.length < options.limit);

  if (more) context.out.warn(`showing the first ${options.limit} reports; there are more (raise --limit)`);
  const now = Date.now();
  context.out.result(reports, () =>
    reports.length === 0
      ? 'No reports.'
      : table(
          ['REF', 'STATUS', 'TLP', 'AGE', 'TITLE'],
          reports.map((report) => [
            report.ref,
            overdue(report) ? `${report.status} (overdue)` : report.status,
            report.tlp,
            formatAge(report.createdAt, now),
            truncate(report.title, TITLE_WIDTH),
          ]),
        ),
  );
}

function overdue(report: ReportSummary): boolean {
  return report.responseTimes.firstResponseOverdue || report.responseTimes.triageOverdue;
}
