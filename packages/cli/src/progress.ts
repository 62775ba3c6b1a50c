import { clean, type Writer } from './output.js';

/** Uploads at least this large show their progress (on a terminal). */
export const PROGRESS_THRESHOLD_BYTES = 1_000_000;

const BAR_WIDTH = 24;
/** Erase the line and go back to its start. */
const CLEAR_LINE = '\r\u001b[2K';

/**
 * One line on stderr that redraws itself as an upload goes: `Uploading results.sarif
 * [#########-----]  63%  6.3/10.0 MB`. It is drawn only where a person watches it: on a terminal,
 * without --json (whose stderr holds JSON lines), for an upload of at least 1 MB.
 */
export class UploadProgress {
  #shown = -1;

  private constructor(
    private readonly stderr: Writer,
    private readonly label: string,
  ) {}

  /** A progress line for the upload, or undefined when none should be drawn. */
  static start(
    stderr: Writer,
    options: { label: string; total: number; json: boolean },
  ): UploadProgress | undefined {
    if (options.json || stderr.isTTY !== true || options.total < PROGRESS_THRESHOLD_BYTES) return undefined;
    const progress = new UploadProgress(stderr, clean(options.label));
    progress.update(0, options.total);
    return progress;
  }

  /** Redraws the line when the whole percentage changes. */
  update(sent: number, total: number): void {
    const percent = total === 0 ? 100 : Math.min(100, Math.floor((sent / total) * 100));
    if (percent === this.#shown) return;
    this.#shown = percent;
    const filled = Math.round((percent / 100) * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const amount = `${megabytes(sent)}/${megabytes(total)} MB`;
    this.stderr.write(
      `${CLEAR_LINE}Uploading ${this.label} ${bar} ${String(percent).padStart(3)}%  ${amount}`,
    );
  }

  /** Removes the line, so what follows starts on a clean one. */
  finish(): void {
    this.stderr.write(CLEAR_LINE);
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
