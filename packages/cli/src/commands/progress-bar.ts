import cliProgress from 'cli-progress';
import { clean, type Writer } from '../output.js';
import { PROGRESS_THRESHOLD_BYTES } from '../progress.js';

/** What a bar counts: components matched, or bytes received. */
export type ProgressUnit = 'components' | 'bytes';

export interface ProgressBar {
  update(value: number): void;
  /** Removes the bar, so what follows starts on a clean line. */
  stop(): void;
}

/**
 * A progress bar on stderr for long work (a scan of a large inventory, a large download), drawn by
 * cli-progress. As with UploadProgress, only where a person watches: on a terminal, without --json
 * (whose stderr holds JSON lines), and for work on at least PROGRESS_THRESHOLD_BYTES of data.
 */
export function startProgressBar(
  stderr: Writer,
  options: { label: string; total: number; unit: ProgressUnit; json: boolean; bytes: number },
): ProgressBar | undefined {
  if (options.json || stderr.isTTY !== true || options.bytes < PROGRESS_THRESHOLD_BYTES) return undefined;
  const label = clean(options.label);
  const amounts =
    options.unit === 'bytes'
      ? (value: number, total: number) => `${megabytes(value)}/${megabytes(total)} MB`
      : (value: number, total: number) =>
          `${value.toLocaleString('en-US')}/${total.toLocaleString('en-US')} components`;
  const bar = new cliProgress.SingleBar({
    // cli-progress writes escape sequences and reads isTTY; a Writer has both.
    stream: stderr as NodeJS.WritableStream,
    format: (barOptions, params) => {
      const percent = String(Math.floor(params.progress * 100)).padStart(3);
      const drawn = cliProgress.Format.BarFormat(params.progress, barOptions);
      return `${label} [${drawn}] ${percent}%  ${amounts(params.value, params.total)}`;
    },
    barsize: 24,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    clearOnComplete: true,
    hideCursor: true,
  });
  bar.start(options.total, 0);
  return {
    update: (value) => bar.update(value),
    stop: () => bar.stop(),
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
