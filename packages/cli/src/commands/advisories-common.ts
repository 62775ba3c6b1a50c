import type { ErrorDetail } from '@clearinghouse/shared';
import { InvalidArgumentError } from 'commander';
import { ApiError, NetworkError, UnexpectedResponseError, type ApiClient } from '../api-client.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { clean } from '../output.js';
import { VERSION } from '../version.js';

/** The API's bound on an advisory id or tracking id in a path. */
const ID_MAX = 64;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Who reads advisories: the saved login when there is one for this server, else nobody in particular. */
export interface Reader {
  readonly server: string;
  readonly token: string | undefined;
  readonly client: ApiClient;
}

/**
 * Released TLP:CLEAR advisories are public, so reading them needs no login; a token, when there
 * is one for this server, shows more (drafts and restricted advisories one may read).
 */
export async function reader(context: CommandContext): Promise<Reader> {
  let server: string;
  let token: string | undefined;
  try {
    ({ server, token } = await context.session());
  } catch (error) {
    if (!(error instanceof CliError && error.code === 'not_logged_in')) throw error;
    server = await context.server();
    token = undefined;
  }
  return { server, token, client: context.client(server, token) };
}

/** An id (`adv_…`) or tracking id (`CHSA-2026-0001`) that can go into a path; else exit 2. */
export function checkAdvisoryId(idOrRef: string | undefined): string {
  if (idOrRef === undefined) {
    throw new CliError(ExitCode.Usage, 'usage_error', "give the advisory's id or tracking id");
  }
  if (!/^[\x21-\x7e]+$/.test(idOrRef) || idOrRef.length > ID_MAX) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      `'${clean(idOrRef.slice(0, ID_MAX))}' is not an advisory id or tracking id (such as CHSA-2026-0001)`,
    );
  }
  return idOrRef;
}

export function advisoryPath(idOrRef: string, suffix = ''): string {
  return `/api/v1/advisories/${encodeURIComponent(idOrRef)}${suffix}`;
}

/**
 * GETs `path` and returns the body's bytes exactly as sent (a signed CSAF document is hashed as
 * it is; parsing and printing it again would change the hash). Failures become the same error
 * types as ApiClient's, so they map to the same exit codes.
 */
export async function downloadBytes(
  reader: Reader,
  path: string,
  options: DownloadOptions = {},
): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const url = new URL(reader.server + path);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': `clearinghouse-cli/${VERSION}`,
  };
  if (reader.token !== undefined) headers.Authorization = `Bearer ${reader.token}`;
  let response: Response;
  let body: Buffer;
  try {
    response = await fetch(url, {
      headers,
      // As in ApiClient: a redirect could carry the token elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    body =
      options.onProgress === undefined || !response.ok
        ? Buffer.from(await response.arrayBuffer())
        : await readCounting(response, options.onProgress);
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new NetworkError(url.href, `${reader.server} did not answer within ${timeoutMs / 1000}s`, {
        cause: error,
      });
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new NetworkError(url.href, `cannot reach ${reader.server}: ${reason}`, { cause: error });
  }

  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (response.status >= 200 && response.status < 300) return body;
  if (response.status >= 300 && response.status < 400) {
    throw new UnexpectedResponseError(
      response.status,
      `${reader.server} redirected GET ${url.pathname} to ${response.headers.get('location') ?? '(no location)'} — use the final server URL with --server`,
      requestId,
    );
  }
  const error = parseErrorBody(body);
  if (error === undefined) {
    throw new UnexpectedResponseError(
      response.status,
      `unexpected ${response.status} ${response.statusText} answer to GET ${url.pathname} from ${reader.server} — is it a Clearinghouse server?`,
      requestId,
    );
  }
  throw new ApiError(
    response.status,
    error.code,
    error.message,
    error.requestId ?? requestId,
    error.details,
    undefined,
  );
}

export interface DownloadOptions {
  /** This download's time limit, instead of 60 s (a large feed needs longer). */
  readonly timeoutMs?: number;
  /** Told as the body arrives: bytes so far, and the Content-Length when the server sent one. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/** The body, read piece by piece so its progress can be followed. */
async function readCounting(
  response: Response,
  onProgress: (received: number, total: number | undefined) => void,
): Promise<Buffer> {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const body = response.body?.getReader();
  for (let next = await body?.read(); next !== undefined && !next.done; next = await body?.read()) {
    // Node's fetch types the body's pieces loosely; they are bytes.
    const chunk = next.value as Uint8Array;
    chunks.push(chunk);
    received += chunk.byteLength;
    onProgress(received, total);
  }
  return Buffer.concat(chunks);
}

function parseErrorBody(
  body: Buffer,
):
  | { code: string; message: string; requestId: string | undefined; details: ErrorDetail[] | undefined }
  | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { code, message, requestId, details } = json.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code,
    message,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    details: Array.isArray(details)
      ? details.filter(
          (d): d is ErrorDetail => isRecord(d) && typeof d.path === 'string' && typeof d.message === 'string',
        )
      : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `1 document`, `2 documents`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A commander parser for `--limit <n>`: a whole number from 1 to `max`. */
export function limitParser(max: number): (value: string) => number {
  return (value) => {
    const limit = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    }
    return limit;
  };
}
