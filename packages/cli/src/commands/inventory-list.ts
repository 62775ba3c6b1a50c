import { Inventory } from '@clearinghouse/shared';
import type { Command } from 'commander';
import { itemsOf, type ApiClient } from '../api-client.js';
import { action, type CliIo, type CommandContext } from '../context.js';
import { formatTime, table } from '../output.js';

interface InventoryListOptions {
  org?: string;
}

const InventoryList = itemsOf(Inventory);

export function registerInventoryList(inventory: Command, io: CliIo): void {
  inventory
    .command('list')
    .summary("list your organization's inventories")
    .description(
      'List the inventories of your organization (of the one given with --org when you belong to ' +
        'several, or are clearinghouse staff), with their components and open exposures.',
    )
    .option('--org <orgId>', 'the organization (default: yours)')
    .action(action(io, listInventories));
}

async function listInventories(context: CommandContext, options: InventoryListOptions): Promise<void> {
  const session = await context.session();
  const inventories = await fetchInventories(context.client(session.server, session.token), options.org);
  context.out.result(inventories, () =>
    inventories.length === 0
      ? 'No inventories. Create one in the web app, then upload to it with ' +
        "'clearinghouse inventory upload <name> <file>'."
      : table(
          ['ID', 'NAME', 'ORGANIZATION', 'COMPONENTS', 'OPEN EXPOSURES', 'LAST UPLOAD'],
          inventories.map((inv) => [
            inv.id,
            inv.name,
            inv.org.name,
            String(inv.componentCount),
            String(inv.openExposures),
            inv.lastUpload === null ? '-' : `${formatTime(inv.lastUpload.at)} ${inv.lastUpload.filename}`,
          ]),
        ),
  );
}

export async function fetchInventories(client: ApiClient, orgId: string | undefined): Promise<Inventory[]> {
  const { data } = await client.get('/api/v1/inventories', InventoryList, { query: { orgId } });
  return data.items;
}
