import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FEED_BUNDLE_FORMAT } from '@clearinghouse/shared';
import type { Command } from 'commander';
import { UnexpectedResponseError } from '../api-client.js';
import { CliError } from '../cli-error.js';
import { action, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { clean, fields } from '../output.js';
import { downloadBytes, plural, reader } from './advisories-common.js';
import { checkFeedBundle, defaultFeedPath, indexOf, labelsOf } from './feed-bundle.js';
import { startProgressBar, type ProgressBar } from './progress-bar.js';

interface FeedPullOptions {
  output?: string;
}

const FEED_PATH = '/api/v1/feed/bundle';
/** The whole feed in one answer: allow for a large one on a slow link. */
const FEED_TIMEOUT_MS = 300_000;

export function registerFeedPull(feed: Command, io: CliIo): void {
  feed
    .command('pull')
    .summary('download the offline feed for scan --offline')
    .description(
      'Download the feed bundle (clearinghouse-feed@1): every affect rule and vulnerability summary ' +
        'you may read — signed in, what your organization may read; else TLP:CLEAR only. It is ' +
        'checked, then written atomically with mode 0600 (it may hold TLP:GREEN or AMBER ' +
        "information), by default where 'scan --offline' looks for it.",
    )
    .option(
      '--output <file>',
      'where to write it (default: $XDG_CACHE_HOME/clearinghouse/feed.json or ~/.cache/clearinghouse/feed.json)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse feed pull
  $ clearinghouse feed pull --output feed.json && clearinghouse scan sbom.json --offline=feed.json`,
    )
    .action(action(io, pullFeed));
}

async function pullFeed(context: CommandContext, options: FeedPullOptions): Promise<void> {
  if (options.output !== undefined && (options.output.trim() === '' || options.output === '-')) {
    throw new CliError(
      ExitCode.Usage,
      'usage_error',
      '--output needs a file name (the feed is written to a file)',
    );
  }
  const path = options.output ?? defaultFeedPath(context.env);
  const from = await reader(context);

  let progress: ProgressBar | undefined;
  let started = false;
  let bytes: Buffer;
  try {
    bytes = await downloadBytes(from, FEED_PATH, {
      timeoutMs: FEED_TIMEOUT_MS,
      onProgress: (received, total) => {
        // The size is known once the answer starts: only then can the bar be drawn, or not.
        if (!started && total !== undefined) {
          progress = startProgressBar(context.io.stderr, {
            label: 'Downloading the feed',
            total,
            unit: 'bytes',
            json: context.out.json,
            bytes: total,
          });
        }
        started = true;
        progress?.update(received);
      },
    });
  } finally {
    progress?.stop();
  }

  // Checked before it replaces a working feed: a broken download must not.
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw notAFeed(from.server, 'the body is not JSON');
  }
  const checked = checkFeedBundle(json);
  const indexed = checked.ok ? indexOf(checked.bundle) : checked;
  if (!checked.ok || !indexed.ok) {
    const problems = indexed.ok ? [] : indexed.problems;
    throw notAFeed(
      from.server,
      problems
        .slice(0, 3)
        .map((p) => `${p.location || '(root)'}: ${p.message}`)
        .join('; '),
    );
  }
  await writePrivateFile(path, bytes);

  const { bundle } = checked;
  const labels = labelsOf(bundle.vulnerabilities);
  const result = {
    path,
    bytes: bytes.byteLength,
    format: bundle.format,
    generatedAt: bundle.generatedAt,
    publisher: bundle.publisher,
    rules: bundle.ruleCount,
    vulnerabilities: bundle.vulnerabilityCount,
    labels,
    authenticated: from.token !== undefined,
  };
  context.out.result(result, () => {
    const scanHint =
      options.output === undefined
        ? 'clearinghouse scan <file> --offline'
        : `clearinghouse scan <file> --offline=${path}`;
    return [
      `Wrote the feed of ${clean(bundle.publisher)} to ${path} (${megabytes(bytes.byteLength)} MB).`,
      fields([
        ['Rules', String(bundle.ruleCount)],
        ['Vulnerabilities', String(bundle.vulnerabilityCount)],
        [
          'Labels',
          labels.length === 0
            ? 'none (no advisories)'
            : labels.map((l) => `${l.label} (${plural(l.sources, 'source')})`).join(', '),
        ],
        ['Generated', bundle.generatedAt],
      ]),
      ...(from.token === undefined
        ? [
            `Not logged in: TLP:CLEAR only. Run 'clearinghouse login' to include what your organization may read.`,
          ]
        : []),
      `Scan with: ${scanHint}`,
    ].join('\n');
  });
}

function notAFeed(server: string, problem: string): UnexpectedResponseError {
  return new UnexpectedResponseError(
    200,
    `unexpected answer to GET ${FEED_PATH} (${problem}) — not a ${FEED_BUNDLE_FORMAT} bundle; is ${server} a Clearinghouse server of a compatible version?`,
    undefined,
  );
}

/**
 * Writes `bytes` with mode 0600 (its directory, when created, 0700), atomically: a temporary file
 * beside it is renamed over the old one, so a failed pull leaves the previous feed in place.
 */
async function writePrivateFile(path: string, bytes: Buffer): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.chmod(0o600); // whatever the umask
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (code ?? (error instanceof Error ? error.message : String(error)));
    throw new CliError(ExitCode.Usage, 'file_unwritable', `cannot write ${path}: ${reason}`, {
      cause: error,
    });
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
