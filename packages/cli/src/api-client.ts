import type { ErrorDetail } from '@clearinghouse/shared';

/**
 * A small HTTP client for the Clearinghouse API. It knows three kinds of failure, each its own
 * class so the exit code follows from the type:
 *  - `ApiError`: the server answered with the API's error body `{ error: { code, message, … } }`;
 *  - `NetworkError`: no answer at all (refused, DNS, TLS, timeout, connection reset);
 *  - `UnexpectedResponseError`: an answer that is not this API's (HTML from a proxy, a redirect,
 *    a body that does not match the contract).
 */

/** The part of a zod schema the client uses: `Me`, `Page(Organization)` and friends fit it. */
export interface Schema<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    /** One of the API's ERROR_CODES; a string, so a newer server's new code still reads. */
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details: readonly ErrorDetail[] | undefined,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }
}

export class NetworkError extends Error {
  override readonly name = 'NetworkError';

  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';

  constructor(
    readonly status: number,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** `http(s)://host[:port][/prefix]`, without a trailing slash. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`. */
  readonly token?: string | undefined;
  readonly userAgent: string;
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** A `name=value` cookie, for the few calls made with a login session instead of a token. */
  readonly cookie?: string;
  /** `X-CSRF-Token`, required on cookie-authenticated writes. */
  readonly csrfToken?: string;
  /** More request headers, e.g. `x-followup-secret` for an anonymous reporter. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A body sent as it is, not as JSON: a file with its media type (a SARIF log). */
  readonly rawBody?: { readonly data: Uint8Array; readonly contentType: string };
  /** Told, as `rawBody` is handed to the connection, how many of its bytes have gone. */
  readonly onUploadProgress?: (sent: number, total: number) => void;
  /** This request's time limit, instead of the client's (a large upload needs longer). */
  readonly timeoutMs?: number;
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** The piece of a raw body handed over at a time when its progress is followed. */
const UPLOAD_CHUNK_BYTES = 64 * 1024;

export class ApiClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #userAgent: string;
  readonly #timeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#userAgent = options.userAgent;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async get<T>(path: string, schema: Schema<T>, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('GET', path, schema, options);
  }

  async post<T>(path: string, schema: Schema<T>, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('POST', path, schema, options);
  }

  /** A call whose success answer has no body worth reading (204). */
  async send(method: 'POST' | 'DELETE', path: string, options: RequestOptions = {}): Promise<void> {
    await this.request(method, path, null, options);
  }

  async request<T>(
    method: string,
    path: string,
    schema: Schema<T>,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  async request(
    method: string,
    path: string,
    schema: null,
    options?: RequestOptions,
  ): Promise<ApiResponse<undefined>>;
  async request<T>(
    method: string,
    path: string,
    schema: Schema<T> | null,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T | undefined>> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = {
      ...options.headers,
      Accept: 'application/json',
      'User-Agent': this.#userAgent,
    };
    if (this.#token !== undefined) headers.Authorization = `Bearer ${this.#token}`;
    if (options.cookie !== undefined) headers.Cookie = options.cookie;
    if (options.csrfToken !== undefined) headers['X-CSRF-Token'] = options.csrfToken;
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
    if (options.rawBody !== undefined) {
      const { data, contentType } = options.rawBody;
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = String(data.byteLength);
      body = options.onUploadProgress === undefined ? data : trackedBody(data, options.onUploadProgress);
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        // A stream body must say so; Node's fetch sends it as the request is written.
        ...(body instanceof ReadableStream && { duplex: 'half' as const }),
        // Never follow a redirect: it could carry the token elsewhere, and it usually means the
        // server URL is wrong (http:// for https://). Reported as an unexpected response below.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new NetworkError(url.href, this.#describeNetworkError(error, timeoutMs), { cause: error });
    }

    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (response.status >= 200 && response.status < 300) {
      if (schema === null) return { status: response.status, headers: response.headers, data: undefined };
      const json = parseJson(text);
      const parsed = schema.safeParse(json);
      if (json === undefined || !parsed.success) {
        const problem = parsed.success
          ? 'the body is not JSON'
          : parsed.error.issues
              .slice(0, 3)
              .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
              .join('; ');
        throw new UnexpectedResponseError(
          response.status,
          `unexpected answer to ${method} ${url.pathname} (${problem}) — is ${this.baseUrl} a Clearinghouse server of a compatible version?`,
          requestId,
        );
      }
      return { status: response.status, headers: response.headers, data: parsed.data };
    }

    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      throw new UnexpectedResponseError(
        response.status,
        `${this.baseUrl} redirected ${method} ${url.pathname} to ${location ?? '(no location)'} — use the final server URL with --server`,
        requestId,
      );
    }

    const error = parseErrorBody(parseJson(text));
    if (error === undefined) {
      throw new UnexpectedResponseError(
        response.status,
        `unexpected ${response.status} ${response.statusText} answer to ${method} ${url.pathname} from ${this.baseUrl} — is it a Clearinghouse server?`,
        requestId,
      );
    }
    throw new ApiError(
      response.status,
      error.code,
      error.message,
      error.requestId ?? requestId,
      error.details,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }

  #describeNetworkError(error: unknown, timeoutMs: number): string {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return `${this.baseUrl} did not answer within ${Math.round(timeoutMs / 1000)}s`;
    }
    // Node's fetch throws TypeError('fetch failed') with the real reason as its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return `cannot reach ${this.baseUrl}: ${reason}`;
  }
}

/**
 * `data` as a stream that reports each piece as the connection takes it. The connection pulls
 * only as fast as it sends (backpressure), so the count follows the upload closely enough.
 */
function trackedBody(
  data: Uint8Array,
  onProgress: (sent: number, total: number) => void,
): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.byteLength) {
        controller.close();
        return;
      }
      const end = Math.min(offset + UPLOAD_CHUNK_BYTES, data.byteLength);
      controller.enqueue(data.subarray(offset, end));
      offset = end;
      onProgress(offset, data.byteLength);
    },
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface ParsedError {
  code: string;
  message: string;
  requestId: string | undefined;
  details: ErrorDetail[] | undefined;
}

/** Reads `{ error: { code, message, requestId, details? } }` leniently: unknown codes are kept. */
function parseErrorBody(json: unknown): ParsedError | undefined {
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { code, message, requestId, details } = json.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code,
    message,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    details: Array.isArray(details) ? details.filter(isErrorDetail) : undefined,
  };
}

function isErrorDetail(value: unknown): value is ErrorDetail {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    typeof value.message === 'string' &&
    (value.code === undefined || typeof value.code === 'string')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The schema of `{ items: T[] }`, for list answers without a cursor (GET /api/v1/tokens). */
export function itemsOf<T>(item: Schema<T>): Schema<{ items: T[] }> {
  return {
    safeParse(data) {
      if (!isRecord(data) || !Array.isArray(data.items)) {
        return { success: false, error: { issues: [{ path: ['items'], message: 'expected an array' }] } };
      }
      const items: T[] = [];
      for (const [index, value] of data.items.entries()) {
        const parsed = item.safeParse(value);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((issue) => ({
            ...issue,
            path: ['items', index, ...issue.path],
          }));
          return { success: false, error: { issues } };
        }
        items.push(parsed.data);
      }
      return { success: true, data: { items } };
    },
  };
}
