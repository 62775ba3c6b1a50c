import { Readable } from 'node:stream';
import { run } from '../src/program.js';

/** An output stream that keeps what is written; `isTTY` makes it pose as a terminal. */
export interface Captured {
  readonly isTTY: boolean;
  write(chunk: string): boolean;
  text(): string;
}

export function capture(options: { isTTY?: boolean } = {}): Captured {
  const chunks: string[] = [];
  return {
    isTTY: options.isTTY ?? false,
    write(chunk) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** $HOME for the run. */
  readonly home: string;
  /** $CLEARINGHOUSE_CONFIG for the run. */
  readonly configPath: string;
  readonly stdin?: string | NodeJS.ReadableStream | undefined;
  readonly env?: Record<string, string> | undefined;
  /** Make stderr a terminal (progress lines are drawn only there). */
  readonly stderrIsTTY?: boolean;
}

/** Runs `clearinghouse …args` in-process with its own environment, stdin and captured output. */
export async function runCli(args: string[], options: RunOptions): Promise<Result> {
  const stdout = capture();
  const stderr = capture({ isTTY: options.stderrIsTTY ?? false });
  const stdin =
    options.stdin === undefined || typeof options.stdin === 'string'
      ? Readable.from(options.stdin === undefined ? [] : [options.stdin])
      : options.stdin;
  const code = await run(['node', 'clearinghouse', ...args], {
    stdin,
    stdout,
    stderr,
    env: { HOME: options.home, CLEARINGHOUSE_CONFIG: options.configPath, ...options.env },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
