import { createInterface, type Interface } from 'node:readline';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import type { Writer } from './output.js';

/** stdin as the CLI needs it: process.stdin, or a stream in tests (optionally posing as a TTY). */
export interface InputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean | undefined;
  setRawMode?: (mode: boolean) => unknown;
}

/**
 * Reads stdin one line at a time (`--password-stdin`: the password, then perhaps the two-factor
 * code), without the trailing line break. Lines are buffered, so none is lost between reads.
 */
export class StdinLines {
  readonly #interface: Interface;
  readonly #lines: AsyncIterator<string>;
  #closed = false;

  constructor(input: InputStream) {
    this.#interface = createInterface({ input, crlfDelay: Infinity, terminal: false });
    this.#lines = this.#interface[Symbol.asyncIterator]();
  }

  /** The next line, or undefined at the end of input. */
  async next(): Promise<string | undefined> {
    if (this.#closed) return undefined;
    const result = await this.#lines.next();
    return result.done === true ? undefined : result.value;
  }

  /** Stops reading, so a pipe left open by the caller does not keep the process alive. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#interface.close();
  }
}

/** Asks a question on stderr and reads the answer, echoed, from a terminal. */
export async function promptVisible(stdin: InputStream, stderr: Writer, question: string): Promise<string> {
  const rl = createInterface({ input: stdin, terminal: false });
  stderr.write(question);
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => {
        resolve(undefined);
      });
    });
    if (answer === undefined) {
      stderr.write('\n');
      throw new CliError(ExitCode.Interrupted, 'interrupted', 'no answer (end of input)');
    }
    return answer;
  } finally {
    rl.close();
  }
}

/**
 * Asks a question on stderr and reads the answer from a terminal in raw mode, echoing nothing.
 * Handles backspace, Ctrl-U (erase all), Ctrl-C (interrupt) and Ctrl-D (end of input), and
 * ignores other control keys and escape sequences (arrow keys).
 */
export async function promptHidden(stdin: InputStream, stderr: Writer, question: string): Promise<string> {
  const setRawMode = stdin.setRawMode?.bind(stdin);
  if (stdin.isTTY !== true || setRawMode === undefined) {
    throw new CliError(
      ExitCode.Usage,
      'no_terminal',
      'cannot prompt for a secret: stdin is not a terminal — use --password-stdin',
    );
  }
  setRawMode(true); // before the prompt shows, so that nothing typed after it is echoed
  stderr.write(question);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value: string[] = [];
      let escape = false;
      const finish = (outcome: () => void): void => {
        stdin.removeListener('data', onData);
        stdin.removeListener('end', onEnd);
        stderr.write('\n');
        outcome();
      };
      const onEnd = (): void => {
        finish(() => {
          reject(new CliError(ExitCode.Interrupted, 'interrupted', 'no answer (end of input)'));
        });
      };
      const onData = (chunk: string | Buffer): void => {
        for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
          if (escape) {
            // An escape sequence ends with a letter or `~` (ESC [ A, ESC [ 3 ~).
            if (/[A-Za-z~]/.test(char)) escape = false;
            continue;
          }
          switch (char) {
            case '\r':
            case '\n': {
              const answer = value.join('');
              finish(() => {
                resolve(answer);
              });
              return;
            }
            case '\u0003':
              finish(() => {
                reject(new CliError(ExitCode.Interrupted, 'interrupted', 'interrupted'));
              });
              return;
            case '\u0004':
              if (value.length === 0) {
                onEnd();
                return;
              }
              break;
            case '\u007f':
            case '\b':
              value = value.slice(0, -1);
              break;
            case '\u0015':
              value = [];
              break;
            case '\u001b':
              escape = true;
              break;
            default:
              if (char >= ' ') value.push(char);
          }
        }
      };
      stdin.on('data', onData);
      stdin.on('end', onEnd);
    });
  } finally {
    setRawMode(false);
    stdin.pause();
  }
}
