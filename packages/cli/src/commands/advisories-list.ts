import { ADVISORY_STATUSES, AdvisorySummary, Page, type AdvisoryStatus } from '@clearinghouse/shared';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UnexpectedResponseError } from '../api-client.js';
import { action, type CliIo, type CommandContext } from '../context.js';
import { table, truncate } from '../output.js';
import { limitParser, reader } from './advisories-common.js';

interface AdvisoriesListOptions {
  status?: AdvisoryStatus;
  cve?: string;
  query?: string;
  limit: number;
}

const AdvisoryPage = Page(AdvisorySummary);
/** The API's largest page, and its bounds on the filters. */
const PAGE_SIZE_MAX = 200;
const QUERY_MAX = 200;
const CVE_MAX = 40;
const LIMIT_DEFAULT = 50;
const LIMIT_MAX = 10_000;
const TITLE_WIDTH = 60;
/** CVE ids shown in a row before `+N`; --json has them all. */
const CVES_SHOWN = 2;

export function registerAdvisoriesList(advisories: Command, io: CliIo): void {
  advisories
    .command('list')
    .summary('list advisories, most recently updated first')
    .description(
      'List advisories, most recently updated first. Without a login only released TLP:CLEAR ' +
        'advisories are listed; with one, also the drafts and restricted advisories you may read.',
    )
    .addOption(new Option('--status <status>', 'only advisories in this status').choices(ADVISORY_STATUSES))
    .addOption(
      new Option('--cve <id>', 'only advisories naming this CVE (or part of an id)').argParser(
        bounded('--cve', CVE_MAX),
      ),
    )
    .addOption(
      new Option('--query <text>', 'only advisories whose title, tracking id or CVEs contain this').argParser(
        bounded('--query', QUERY_MAX),
      ),
    )
    .addOption(
      new Option('--limit <n>', `at most this many (1 to ${LIMIT_MAX})`)
        .argParser(limitParser(LIMIT_MAX))
        .default(LIMIT_DEFAULT),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse advisories list --status released --cve CVE-2026-1234
  $ clearinghouse advisories list --query pump --json`,
    )
    .action(action(io, listAdvisories));
}

function bounded(flag: string, max: number): (value: string) => string {
  return (value) => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.length > max) {
      throw new InvalidArgumentError(`${flag} takes 1 to ${max} characters`);
    }
    return trimmed;
  };
}

async function listAdvisories(context: CommandContext, options: AdvisoriesListOptions): Promise<void> {
  const { client, token } = await reader(context);
  const advisories: AdvisorySummary[] = [];
  const seen = new Set<string>();
  let more = false;
  let cursor: string | undefined;
  do {
    const wanted = options.limit - advisories.length;
    const { data: page } = await client.get('/api/v1/advisories', AdvisoryPage, {
      query: {
        q: options.query,
        status: options.status,
        cve: options.cve,
        cursor,
        // One more than wanted on the last page tells whether the list goes on.
        limit: String(Math.min(wanted + 1, PAGE_SIZE_MAX)),
      },
    });
    advisories.push(...page.items.slice(0, wanted));
    more = page.items.length > wanted || (advisories.length >= options.limit && page.nextCursor !== null);
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new UnexpectedResponseError(200, `the server repeated the page cursor ${cursor}`, undefined);
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined && advisories.length < options.limit);

  if (more) context.out.warn(`showing the first ${options.limit} advisories; there are more (raise --limit)`);
  context.out.result(advisories, () => {
    if (advisories.length === 0) {
      return token === undefined
        ? 'No advisories. (Without a login only released TLP:CLEAR advisories are listed.)'
        : 'No advisories.';
    }
    return table(
      ['REF', 'TLP', 'STATUS', 'CVES', 'RELEASED', 'TITLE'],
      advisories.map((advisory) => [
        advisory.ref,
        advisory.tlp,
        advisory.status,
        cves(advisory.cves),
        advisory.releasedAt === null ? '-' : advisory.releasedAt.slice(0, 10),
        truncate(advisory.title, TITLE_WIDTH),
      ]),
    );
  });
}

function cves(ids: readonly string[]): string {
  if (ids.length === 0) return '-';
  const shown = ids.slice(0, CVES_SHOWN).join(',');
  return ids.length > CVES_SHOWN ? `${shown} +${ids.length - CVES_SHOWN}` : shown;
}
