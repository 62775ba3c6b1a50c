import { createHash } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { UnexpectedResponseError, type Schema } from '../api-client.js';
import { CliError } from '../cli-error.js';
import { actionWithArgument, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import {
  advisoryPath,
  checkAdvisoryId,
  downloadBytes,
  plural,
  reader,
  type Reader,
} from './advisories-common.js';

export const EXPORT_FORMATS = ['csaf', 'osv', 'cve'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface AdvisoriesExportOptions {
  format: ExportFormat;
  output: string;
  force?: boolean;
}

const FORMAT_NAMES: Record<ExportFormat, string> = {
  csaf: 'CSAF 2.0 document',
  osv: 'OSV record',
  cve: 'CVE JSON 5.1 record',
};

/** The records of an OSV or CVE answer: a JSON array, items kept as they are. */
const RecordArray: Schema<unknown[]> = {
  safeParse(data) {
    return Array.isArray(data)
      ? { success: true, data }
      : { success: false, error: { issues: [{ path: [], message: 'expected an array of records' }] } };
  },
};

export function registerAdvisoriesExport(advisories: Command, io: CliIo): void {
  advisories
    .command('export')
    .summary('write an advisory as CSAF 2.0, OSV or CVE JSON 5.1')
    .description(
      'Write the released CSAF 2.0 document of an advisory byte for byte, as published (so its ' +
        'SHA-256 matches the published .sha256 file), or its OSV or CVE JSON 5.1 records as a ' +
        'pretty-printed JSON array. An existing file is not overwritten without --force.',
    )
    .argument('<idOrRef>', 'advisory id (adv_…) or tracking id (CHSA-2026-0001)')
    .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--output <file>', 'where to write it ("-" for stdout)', '-')
    .option('--force', 'overwrite the --output file if it exists')
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse advisories export CHSA-2026-0001 --format csaf --output chsa-2026-0001.json
  $ clearinghouse advisories export CHSA-2026-0001 --format osv | jq '.[].id'`,
    )
    .action(actionWithArgument(io, exportAdvisory));
}

async function exportAdvisory(
  context: CommandContext,
  argument: string | undefined,
  options: AdvisoriesExportOptions,
): Promise<void> {
  const idOrRef = checkAdvisoryId(argument);
  const toStdout = options.output === '-';
  if (options.output.trim() === '') {
    throw new CliError(ExitCode.Usage, 'usage_error', '--output needs a file name, or "-" for stdout');
  }
  // Refused before anything is fetched; the write below refuses again if the file appears meanwhile.
  if (!toStdout && options.force !== true && (await exists(options.output))) {
    throw fileExists(options.output);
  }

  const from = await reader(context);
  const { bytes, count } =
    options.format === 'csaf'
      ? { bytes: await fetchCsaf(from, idOrRef), count: 1 }
      : await fetchRecords(from, idOrRef, options.format);
  if (count === 0) {
    context.out.warn(
      `${idOrRef} has no ${FORMAT_NAMES[options.format]}s (they exist once a TLP:CLEAR advisory with CVE ids is released)`,
    );
  }

  if (toStdout) {
    context.io.stdout.write(bytes.toString('utf8'));
    return;
  }
  await writeOutput(options.output, bytes, options.force === true);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = {
    advisory: idOrRef,
    format: options.format,
    path: options.output,
    bytes: bytes.byteLength,
    records: options.format === 'csaf' ? null : count,
    sha256,
  };
  context.out.result(result, () => {
    const what =
      options.format === 'csaf' ? `the ${FORMAT_NAMES.csaf}` : plural(count, FORMAT_NAMES[options.format]);
    return `Wrote ${what} of ${idOrRef} to ${options.output} (${plural(bytes.byteLength, 'byte')}, sha256 ${sha256}).`;
  });
}

/** The document exactly as served: only checked to be JSON in UTF-8, never re-serialized. */
async function fetchCsaf(from: Reader, idOrRef: string): Promise<Buffer> {
  const path = advisoryPath(idOrRef, '/csaf');
  const bytes = await downloadBytes(from, path);
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UnexpectedResponseError(
      200,
      `unexpected answer to GET ${path} (not a JSON document) — is ${from.server} a Clearinghouse server of a compatible version?`,
      undefined,
    );
  }
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new UnexpectedResponseError(200, `the CSAF document from ${path} is not valid UTF-8`, undefined);
  }
  return bytes;
}

async function fetchRecords(
  from: Reader,
  idOrRef: string,
  format: 'osv' | 'cve',
): Promise<{ bytes: Buffer; count: number }> {
  const { data } = await from.client.get(advisoryPath(idOrRef, `/${format}`), RecordArray);
  return { bytes: Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'), count: data.length };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function writeOutput(path: string, bytes: Buffer, force: boolean): Promise<void> {
  try {
    // `wx` creates the file and fails if it exists: no race with another writer.
    await writeFile(path, bytes, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw fileExists(path);
    const reason =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? (error instanceof Error ? error.message : String(error)));
    throw new CliError(ExitCode.Usage, 'file_unwritable', `cannot write ${path}: ${reason}`, {
      cause: error,
    });
  }
}

function fileExists(path: string): CliError {
  return new CliError(ExitCode.Usage, 'file_exists', `${path} exists — add --force to overwrite it`);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
