import type { ExitCode } from './exit-codes.js';

/**
 * A failure the CLI itself detects (not an HTTP error answer): bad usage, not logged in, an
 * unsafe config file. `code` is lower_snake_case like the API's codes and appears in `--json`
 * error output; `message` is the one line a person reads.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
