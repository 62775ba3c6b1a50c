import type { ExitCode } from './exit-codes.js';

/**
 * Ends a command with a non-zero exit code after it has said everything itself: `scan` exits 1 when
 * it found vulnerabilities (its report is the whole answer; there is no error to add), and a command
 * that printed every problem of a refused file one per line exits 2 without repeating them.
 */
export class CommandExit extends Error {
  override readonly name = 'CommandExit';

  constructor(readonly exitCode: ExitCode) {
    super(`exit ${exitCode}`);
  }
}
