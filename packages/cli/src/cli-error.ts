import type { ErrorDetail } from '@clearinghouse/shared';
import type { ExitCode } from './exit-codes.js';

/**
 * A failure the CLI itself detects (not an HTTP error answer): bad usage, not logged in, an
 * unsafe config file, a report file that does not match the contract. `code` is lower_snake_case
 * like the API's codes and appears in `--json` error output; `message` is the one line a person
 * reads; `details`, like the API's, lists every problem with its path.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly details: readonly ErrorDetail[] | undefined;

  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; details?: readonly ErrorDetail[] },
  ) {
    super(message, options);
    this.details = options?.details;
  }
}
