import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import type { InputStream } from './prompt.js';

/** A file the user handed the CLI (`--file report.json`, `--sarif -`), read whole. */
export interface InputFile {
  /** For messages: the path as given, or `stdin`. */
  readonly name: string;
  readonly data: Buffer;
}

/** Reads `path`, or all of stdin for `-`. A file that cannot be read is a usage error (exit 2). */
export async function readInputFile(path: string, stdin: InputStream): Promise<InputFile> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    }
    return { name: 'stdin', data: Buffer.concat(chunks) };
  }
  try {
    return { name: path, data: await readFile(path) };
  } catch (error) {
    throw new CliError(
      ExitCode.Usage,
      'file_unreadable',
      `cannot read ${path}: ${describeReadError(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The file as JSON (a UTF-8 byte order mark is allowed); anything else is a usage error. */
export function parseJsonFile(file: InputFile): unknown {
  const text = file.data.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CliError(ExitCode.Usage, 'invalid_json', `${file.name} is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(ExitCode.Usage, 'invalid_json', `${file.name} is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
}

const READ_ERRORS: Partial<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function describeReadError(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : undefined;
  if (code !== undefined) return READ_ERRORS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}
