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
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

const DEFAULT_TIMEOUT_MS = 30_000;

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
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.#userAgent };
    if (this.#token !== undefined) headers.Authorization = `Bearer ${this.#token}`;
    if (options.cookie !== undefined) headers.Cookie = options.cookie;
    if (options.csrfToken !== undefined) headers['X-CSRF-Token'] = options.csrfToken;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        // Never follow a redirect: it could carry the token elsewhere, and it usually means the
        // server URL is wrong (http:// for https://). Reported as an unexpected response below.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new NetworkError(url.href, this.#describeNetworkError(error), { cause: error });
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

  #describeNetworkError(error: unknown): string {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return `${this.baseUrl} did not answer within ${Math.round(this.#timeoutMs / 1000)}s`;
    }
    // Node's fetch throws TypeError('fetch failed') with the real reason as its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return `cannot reach ${this.baseUrl}: ${reason}`;
  }
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
