import type { ErrorDetail } from '@clearinghouse/shared';
import type { ExitCode } from './exit-codes.js';

/** Where output goes: process.stdout/stderr, or a buffer in tests. */
export interface Writer {
  write(chunk: string): unknown;
  /** True for a terminal, where a progress line may redraw itself. */
  readonly isTTY?: boolean | undefined;
}

/** A failure ready to print: one line for people, an `{ error }` object for machines. */
export interface Failure {
  readonly exitCode: ExitCode;
  readonly code: string;
  /** The one human line, without the `error: ` prefix. */
  readonly line: string;
  /** The bare message for `--json` (the server's own message for API errors). */
  readonly message: string;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
  readonly details?: readonly ErrorDetail[] | undefined;
  readonly hint?: string | undefined;
}

/**
 * Human output by default; with `--json` the result as JSON on stdout and nothing else there, and
 * warnings and errors as JSON lines on stderr.
 */
export class Output {
  constructor(
    private readonly stdout: Writer,
    private readonly stderr: Writer,
    readonly json: boolean,
  ) {}

  /** The command's result: `data` as JSON with `--json`, else the text `human()` builds. */
  result(data: unknown, human: () => string): void {
    if (this.json) {
      this.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    } else {
      const text = human();
      this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  warn(message: string): void {
    if (this.json) this.stderr.write(`${JSON.stringify({ warning: { message } })}\n`);
    else this.stderr.write(`warning: ${message}\n`);
  }

  failure(failure: Failure): void {
    if (this.json) {
      const error = {
        code: failure.code,
        message: failure.message,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }),
        ...(failure.details === undefined ? {} : { details: failure.details }),
        ...(failure.hint === undefined ? {} : { hint: failure.hint }),
      };
      this.stderr.write(`${JSON.stringify({ error })}\n`);
    } else {
      this.stderr.write(`error: ${clean(failure.line)}\n`);
    }
  }

  /** Free text on stderr (a stack trace under CLEARINGHOUSE_DEBUG=1). */
  debug(text: string): void {
    this.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/**
 * Makes a string from the server (an organization's name, an error message) safe to print on a
 * terminal: control characters, which could move the cursor or rewrite earlier lines, become `?`.
 */
export function clean(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** A plain table: a header row, columns padded to their widest cell, two spaces apart. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, i) => clean(row[i] ?? '')));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i] ?? ''))));
  return cells
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const graphemes = new Intl.Segmenter();

/** Columns a string takes: one per grapheme (good enough; East Asian wide characters take two). */
function displayWidth(value: string): number {
  let width = 0;
  for (const _ of graphemes.segment(value)) width++;
  return width;
}

/** `label:  value` lines, labels aligned. */
export function fields(entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(...entries.map(([label]) => label.length)) + 1;
  return entries.map(([label, value]) => `${`${label}:`.padEnd(width)}  ${clean(value)}`).join('\n');
}

/** `2026-11-27 12:00 UTC` from an ISO-8601 timestamp (the API's are UTC). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** How long ago, in the largest unit that keeps it short: `5m`, `7h`, `12d`. */
export function formatAge(iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (Number.isNaN(minutes)) return '?';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** At most `max` characters (graphemes), ending in `…` when cut. */
export function truncate(value: string, max: number): string {
  const parts = [...graphemes.segment(value)].map((s) => s.segment);
  return parts.length <= max
    ? value
    : `${parts
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
