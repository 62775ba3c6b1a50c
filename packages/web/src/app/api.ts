import { ErrorBody, type ErrorCode, type ErrorDetail } from '@clearinghouse/shared';

/** Codes the client itself assigns when no error body came back from the server. */
export type ClientErrorCode = 'network_error' | 'unexpected_response';

/** Anything with a zod-style `parse`: the shared contracts, without importing zod here. */
export interface Schema<T> {
  parse(input: unknown): T;
}

/** An error from the API, parsed from `{ error: { code, message, requestId, details } }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly requestId: string | undefined,
    readonly details: readonly ErrorDetail[] = [],
    /** Seconds to wait, from a `Retry-After` header (429 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown, code?: ErrorCode | ClientErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

// ---- CSRF ---------------------------------------------------------------------------------

let csrfToken: string | null = null;

/** Kept from the login response and from GET /api/v1/me; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// ---- requests -----------------------------------------------------------------------------

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

/** `/api/v1/orgs` + `{ q: 'x', kind: undefined }` → `/api/v1/orgs?q=x` (empty values dropped). */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Extra request headers, such as a follow-up secret. */
export type RequestHeaders = Readonly<Record<string, string>>;

/**
 * A JSON body is serialized; a `Blob` (a file the user chose) is sent as it is, with its own
 * media type.
 */
async function send(method: Method, path: string, body?: unknown, extra?: RequestHeaders): Promise<Response> {
  // Tells the server a request comes from this app (recorded as a report's source, for example).
  const headers = new Headers({ Accept: 'application/json', 'X-Clearinghouse-Client': 'web', ...extra });
  if (body instanceof Blob) headers.set('Content-Type', body.type || 'application/octet-stream');
  else if (body !== undefined) headers.set('Content-Type', 'application/json');
  if (method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the Clearinghouse server. Check your connection and try again.',
      undefined,
    );
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  const parsed = ErrorBody.safeParse(json);
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError(response.status, code, message, requestId, details ?? [], retryAfterSeconds);
  }
  return new ApiError(
    response.status,
    'unexpected_response',
    `The server answered ${response.status} ${response.statusText}`.trim() + '.',
    response.headers.get('X-Request-Id') ?? undefined,
    [],
    retryAfterSeconds,
  );
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A request whose JSON answer is validated against a shared schema. */
export async function requestJson<T>(
  method: Method,
  path: string,
  schema: Schema<T>,
  body?: unknown,
  headers?: RequestHeaders,
): Promise<T> {
  const response = await send(method, path, body, headers);
  const json: unknown = await response.json().catch(() => undefined);
  try {
    return schema.parse(json);
  } catch (error) {
    console.error(`Unexpected response from ${method} ${path}`, error);
    throw new ApiError(
      response.status,
      'unexpected_response',
      'The server sent a response this page does not understand. Try reloading the page.',
      response.headers.get('X-Request-Id') ?? undefined,
    );
  }
}

/** A request whose answer has no body we need (204). */
export async function requestVoid(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

/** A file download: its bytes, not JSON. */
export async function requestBlob(path: string, headers?: RequestHeaders): Promise<Blob> {
  const response = await send('GET', path, undefined, headers);
  return response.blob();
}

export const api = {
  get: <T>(path: string, schema: Schema<T>, headers?: RequestHeaders) =>
    requestJson('GET', path, schema, undefined, headers),
  post: <T>(path: string, schema: Schema<T>, body?: unknown, headers?: RequestHeaders) =>
    requestJson('POST', path, schema, body, headers),
  patch: <T>(path: string, schema: Schema<T>, body?: unknown) => requestJson('PATCH', path, schema, body),
  postVoid: (path: string, body?: unknown) => requestVoid('POST', path, body),
  delete: (path: string) => requestVoid('DELETE', path),
};

/** Path segments from user data are always encoded. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** `{ items: T[] }` lists (no paging), validated item by item with the item's schema. */
export function itemsOf<T>(item: Schema<T>): Schema<{ items: T[] }> {
  return {
    parse(input: unknown) {
      const items: unknown =
        typeof input === 'object' && input !== null ? Reflect.get(input, 'items') : undefined;
      if (!Array.isArray(items)) throw new TypeError('Expected an object with an "items" array');
      return { items: items.map((value: unknown) => item.parse(value)) };
    },
  };
}
