import { ORGANIZATION_KINDS, Organization, Page, type OrganizationKind } from '@clearinghouse/shared';
import { Option, type Command } from 'commander';
import { UnexpectedResponseError } from '../api-client.js';
import { action, type CliIo, type CommandContext } from '../context.js';
import { table } from '../output.js';

interface OrgsListOptions {
  kind?: OrganizationKind;
  query?: string;
  mine?: boolean;
}

const OrganizationPage = Page(Organization);
const PAGE_SIZE = '200';

export function registerOrgsList(orgs: Command, io: CliIo): void {
  orgs
    .command('list')
    .summary('list organizations')
    .description('List organizations, every page of them.')
    .addOption(new Option('--kind <kind>', 'only organizations of this kind').choices(ORGANIZATION_KINDS))
    .option('--query <q>', 'only organizations whose name matches')
    .option('--mine', 'only organizations I am a member of')
    .action(action(io, listOrganizations));
}

async function listOrganizations(context: CommandContext, options: OrgsListOptions): Promise<void> {
  const session = await context.session();
  const client = context.client(session.server, session.token);
  const organizations: Organization[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const { data: page } = await client.get('/api/v1/orgs', OrganizationPage, {
      query: {
        q: options.query,
        kind: options.kind,
        mine: options.mine === true ? 'true' : undefined,
        cursor,
        limit: PAGE_SIZE,
      },
    });
    organizations.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new UnexpectedResponseError(200, `the server repeated the page cursor ${cursor}`, undefined);
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined);

  context.out.result(organizations, () =>
    organizations.length === 0
      ? 'No organizations.'
      : table(
          ['ID', 'NAME', 'KIND', 'SECTORS', 'VERIFIED'],
          organizations.map((org) => [
            org.id,
            org.name,
            org.kind,
            org.sectors.length === 0 ? '-' : org.sectors.join(','),
            org.verifiedAt === null ? 'no' : 'yes',
          ]),
        ),
  );
}
