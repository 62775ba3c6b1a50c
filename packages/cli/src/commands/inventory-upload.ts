import { basename, extname } from 'node:path';
import { InventoryUploadReport, type ComponentChange } from '@clearinghouse/shared';
import type { Command } from 'commander';
import { ApiError, type ApiClient } from '../api-client.js';
import { CliError } from '../cli-error.js';
import { CommandContext, isLoopback, type CliIo } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { readInputFile } from '../input-file.js';
import { clean } from '../output.js';
import { UploadProgress } from '../progress.js';
import { plural } from './advisories-common.js';
import { refuseFile } from './file-problems.js';
import { fetchInventories } from './inventory-list.js';

interface InventoryUploadOptions {
  org?: string;
}

/** Changes listed per kind (added, removed, changed); --json has up to the server's 500 of each. */
const CHANGES_SHOWN = 5;
const WARNINGS_SHOWN = 10;
const UPLOAD_BASE_TIMEOUT_MS = 120_000;
const UPLOAD_TIMEOUT_MS_PER_MB = 10_000;

/** The server finds the format from the name and content; the media type only helps. */
const MEDIA_TYPES: Partial<Record<string, string>> = {
  '.json': 'application/json',
  '.csv': 'text/csv',
};

const FORMAT_NAMES: Record<InventoryUploadReport['format'], string> = {
  cyclonedx: 'CycloneDX',
  spdx: 'SPDX',
  csv: 'CSV',
  'package-lock': 'package-lock.json',
};

export function registerInventoryUpload(inventory: Command, io: CliIo): void {
  inventory
    .command('upload')
    .summary('upload an SBOM, CSV or package-lock.json to an inventory')
    .description(
      "Replace an inventory's uploaded components with a file's: CycloneDX 1.4–1.6 JSON, SPDX 2.3 " +
        'JSON, CSV or package-lock.json. Prints what changed and how many new exposures the ' +
        'clearinghouse found. A file with any problem is refused whole: every problem is printed ' +
        'with its location and the exit code is 2.',
    )
    .argument('<inventory>', "the inventory's id (ivt_…) or name")
    .argument('<file>', 'the file to upload')
    .option('--org <orgId>', 'with a name: the organization to look in (default: yours)')
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse inventory upload "Main campus" sbom.cdx.json
  $ clearinghouse inventory upload ivt_01JD… devices.csv --json`,
    )
    .action(async (target: string, path: string, options: InventoryUploadOptions, command: Command) => {
      const context = CommandContext.of(command, io);
      try {
        await uploadInventory(context, target, path, options);
      } finally {
        context.dispose();
      }
    });
}

async function uploadInventory(
  context: CommandContext,
  target: string,
  path: string,
  options: InventoryUploadOptions,
): Promise<void> {
  if (path === '-') {
    throw new CliError(ExitCode.Usage, 'usage_error', 'give a file: its name tells the server its format');
  }
  const file = await readInputFile(path, context.io.stdin);
  const session = await context.session();
  if (session.server.startsWith('http://') && !isLoopback(session.server)) {
    context.out.warn(`${session.server} does not use HTTPS: the token crosses the network unencrypted`);
  }
  const client = context.client(session.server, session.token);
  const { id, name } = await resolveInventory(client, target, options.org);

  const total = file.data.byteLength;
  const progress = UploadProgress.start(context.io.stderr, {
    label: file.name,
    total,
    json: context.out.json,
  });
  let report: InventoryUploadReport;
  try {
    ({ data: report } = await client.post(
      `/api/v1/inventories/${encodeURIComponent(id)}/uploads`,
      InventoryUploadReport,
      {
        query: { filename: basename(path) },
        rawBody: {
          data: file.data,
          contentType: MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        },
        onUploadProgress: progress === undefined ? undefined : (sent, all) => progress.update(sent, all),
        timeoutMs: UPLOAD_BASE_TIMEOUT_MS + Math.ceil(total / 1_000_000) * UPLOAD_TIMEOUT_MS_PER_MB,
      },
    ));
  } catch (error) {
    if (
      error instanceof ApiError &&
      error.status === 422 &&
      error.details !== undefined &&
      error.details.length > 0
    ) {
      refuseFile(
        context,
        {
          code: error.code,
          message: `the server refused ${file.name} (${plural(error.details.length, 'problem')}; nothing was imported):`,
          file: file.name,
        },
        error.details.map((d) => ({ location: d.path, message: d.message })),
      );
    }
    throw error;
  } finally {
    progress?.finish();
  }
  context.out.result(report, () => describeReport(report, name ?? report.inventoryId));
}

/** An id is taken as it is; a name is looked up among the inventories one may see (exactly one must match). */
async function resolveInventory(
  client: ApiClient,
  target: string,
  orgId: string | undefined,
): Promise<{ id: string; name: string | undefined }> {
  const wanted = target.trim();
  if (/^ivt_[0-9A-Za-z]+$/.test(wanted)) return { id: wanted, name: undefined };
  if (wanted === '') throw new CliError(ExitCode.Usage, 'usage_error', "give the inventory's id or name");
  const inventories = await fetchInventories(client, orgId);
  const matches = inventories.filter((inv) => inv.name.trim().toLowerCase() === wanted.toLowerCase());
  const [only] = matches;
  if (only === undefined) {
    throw new CliError(
      ExitCode.Rejected,
      'not_found',
      `no inventory named '${clean(wanted)}' — 'clearinghouse inventory list' shows yours`,
    );
  }
  if (matches.length > 1) {
    throw new CliError(
      ExitCode.Usage,
      'ambiguous_inventory',
      `${matches.length} inventories are named '${clean(wanted)}' (${matches.map((m) => m.id).join(', ')}) — give the id`,
    );
  }
  return { id: only.id, name: only.name };
}

function describeReport(report: InventoryUploadReport, inventory: string): string {
  const { counts } = report;
  const spec = report.specVersion === null ? '' : ` ${report.specVersion}`;
  const lines = [
    clean(
      `Uploaded ${report.filename} (${FORMAT_NAMES[report.format]}${spec}) to ${inventory}: ${plural(counts.components, 'component')}.`,
    ),
    `  ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed, ${counts.unchanged} unchanged`,
  ];
  lines.push(...describeChanges('Added', '+', report.added, counts.added));
  lines.push(...describeChanges('Removed', '-', report.removed, counts.removed));
  lines.push(...describeChanges('Changed', '~', report.changed, counts.changed));
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  if (warnings.length > 0) {
    lines.push(`Warnings (${warnings.length}):`);
    lines.push(...warnings.slice(0, WARNINGS_SHOWN).map((w) => clean(`  ${w.location}: ${w.message}`)));
    if (warnings.length > WARNINGS_SHOWN)
      lines.push(`  … ${warnings.length - WARNINGS_SHOWN} more (--json has them all)`);
  }
  lines.push(
    report.exposuresFound === 0
      ? 'No new exposures.'
      : `${plural(report.exposuresFound, 'new exposure')} — see them in the web app under Exposures.`,
  );
  return lines.join('\n');
}

function describeChanges(
  title: string,
  mark: string,
  changes: readonly ComponentChange[],
  count: number,
): string[] {
  if (count === 0) return [];
  const lines = [`${title}:`];
  for (const change of changes.slice(0, CHANGES_SHOWN)) lines.push(clean(`  ${mark} ${changeLabel(change)}`));
  if (count > CHANGES_SHOWN) lines.push(`  … ${count - CHANGES_SHOWN} more`);
  return lines;
}

function changeLabel(change: ComponentChange): string {
  const name = change.purl ?? [change.vendor, change.name].filter((part) => part !== null).join(' ');
  // A purl already carries its version; a change shows both sides.
  if (change.before !== null && change.after !== null) {
    const base = change.purl === null ? name : change.purl.replace(/@[^@/?#]*(?=[?#]|$)/, '');
    return `${base} ${change.before} → ${change.after}`;
  }
  const version = change.after ?? change.before;
  return change.purl !== null || version === null ? name : `${name} ${version}`;
}
