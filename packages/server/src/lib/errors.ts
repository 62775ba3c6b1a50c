import type { ErrorCode, ErrorDetail } from '@clearinghouse/shared';

/**
 * The one error type domain code throws. `message` is for logs; `publicMessage` (or a
 * generic text per code) is what a client sees. Routes never build HTTP errors themselves.
 */
export class AppError extends Error {
  readonly publicMessage: string | undefined;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: {
      publicMessage?: string;
      details?: ErrorDetail[];
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.publicMessage = options.publicMessage;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function notFound(what: string, id?: string): AppError {
  return new AppError('not_found', `${what} ${id ?? ''} not found`.trim(), {
    publicMessage: `${what} not found.`,
  });
}

export function forbidden(action: string): AppError {
  return new AppError('forbidden', `denied: ${action}`, { publicMessage: 'You are not allowed to do that.' });
}
