import { CommandExit } from '../command-exit.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { clean } from '../output.js';

/** One problem of a file the user gave: where (`line 7, column version`, `/components/3/purl`) and what. */
export interface FileProblem {
  readonly location: string;
  readonly message: string;
}

/**
 * Refuses a file with every one of its problems, one per line, so all can be fixed in one go, and
 * exits 2. With --json: one `{"error":{…,"details":[{path,message}]}}` line, as for other errors.
 */
export function refuseFile(
  context: CommandContext,
  failure: { code: string; message: string; file: string },
  problems: readonly FileProblem[],
): never {
  context.out.failure({
    exitCode: ExitCode.Usage,
    code: failure.code,
    line: failure.message,
    message: failure.message,
    details: problems.map((p) => ({ path: p.location, message: p.message })),
  });
  if (!context.out.json) {
    const lines = problems.map((p) =>
      clean(`  ${failure.file}${p.location === '' ? '' : ` ${p.location}`}: ${p.message}`),
    );
    context.io.stderr.write(`${lines.join('\n')}\n`);
  }
  throw new CommandExit(ExitCode.Usage);
}
