import type { ErrorDetail } from '@clearinghouse/shared';
import { ApiError, NetworkError, UnexpectedResponseError } from './api-client.js';
import { CliError } from './cli-error.js';
import { ExitCode, exitCodeForHttpStatus } from './exit-codes.js';
import type { Failure } from './output.js';

/** What to do next, for the API error codes where a person needs telling. */
const HINTS: Partial<Record<string, string>> = {
  unauthenticated: "run 'clearinghouse login'",
  mfa_enrollment_required: 'enrol two-factor authentication in the web app first',
  insufficient_scope: "the token's scope does not allow this; run 'clearinghouse login' for a write token",
  csrf_failed: "run 'clearinghouse login' again",
};

/** Every problem, `path: message`, on the error's one line (`''` when there are none). */
function describeDetails(details: readonly ErrorDetail[] | undefined): string {
  if (details === undefined || details.length === 0) return '';
  return `: ${details.map((d) => (d.path === '' ? d.message : `${d.path}: ${d.message}`)).join('; ')}`;
}

/** Turns anything a command threw into the exit code and the words to print. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof CliError) {
    return {
      exitCode: error.exitCode,
      code: error.code,
      line: error.message + describeDetails(error.details),
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof ApiError) {
    const details = describeDetails(error.details);
    const retry = error.retryAfterSeconds === undefined ? '' : `; retry after ${error.retryAfterSeconds}s`;
    const request = error.requestId === undefined ? '' : ` (request ${error.requestId})`;
    const hint = HINTS[error.code];
    return {
      exitCode: exitCodeForHttpStatus(error.status, error.code),
      code: error.code,
      line:
        `server said ${error.status} ${error.code}: ${error.message}${details}${retry}${request}` +
        (hint === undefined ? '' : ` — ${hint}`),
      message: error.message,
      status: error.status,
      requestId: error.requestId,
      details: error.details,
      hint,
    };
  }
  if (error instanceof NetworkError) {
    return { exitCode: ExitCode.Server, code: 'network_error', line: error.message, message: error.message };
  }
  if (error instanceof UnexpectedResponseError) {
    const request = error.requestId === undefined ? '' : ` (request ${error.requestId})`;
    return {
      exitCode: ExitCode.Server,
      code: 'unexpected_response',
      line: error.message + request,
      message: error.message,
      status: error.status,
      requestId: error.requestId,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.Server,
    code: 'internal_error',
    line: `unexpected error: ${message} (set CLEARINGHOUSE_DEBUG=1 for details)`,
    message,
  };
}
