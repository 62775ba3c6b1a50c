/**
 * The exit status of every `clearinghouse` command. Scripts branch on these numbers, so they are
 * stable: a code is never given a new meaning, only added.
 */
export const ExitCode = {
  /** The command did what was asked. */
  Success: 0,
  /** `scan` found vulnerabilities (those --fail-on counts), as osv-scanner exits 1. */
  Findings: 1,
  /** Bad flags or arguments, or an input file that cannot be used (unreadable, invalid, refused with 422 by an upload). */
  Usage: 2,
  /** Not logged in, 401, 403, or an unsafe or unreadable configuration file. */
  Auth: 3,
  /** The server is unreachable, answered 5xx, or answered something this CLI does not understand. */
  Server: 4,
  /** The server rejected the input: 400, 404, 409, 413, 415 or 422. */
  Rejected: 5,
  /** Interrupted at a prompt (Ctrl-C), by shell convention 128 + SIGINT. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for an HTTP error answer. */
export function exitCodeForHttpStatus(status: number, code: string): ExitCode {
  if (status === 401 || status === 403) return ExitCode.Auth;
  if (status === 429) return code === 'account_locked' ? ExitCode.Auth : ExitCode.Server;
  if (status >= 400 && status < 500) return ExitCode.Rejected;
  return ExitCode.Server;
}

/** Shown at the end of every `--help`, and kept in step with README.md. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    'scan' found vulnerabilities (those its --fail-on counts)
  2    usage error: bad flags or arguments; an unreadable or invalid input file, also when an
       inventory upload is refused with 422 (every problem is printed); no usable feed bundle
  3    authentication or authorization: not logged in, 401, 403, unsafe config file permissions
  4    server or network error: unreachable, 5xx, unexpected response
  5    input rejected by the server: 400, 404, 409, 413, 415, 422; an import with a rejected document
  130  interrupted at a prompt (Ctrl-C)

Environment:
  CLEARINGHOUSE_SERVER   server URL when --server is not given
  CLEARINGHOUSE_TOKEN    API token; takes precedence over the config file
  CLEARINGHOUSE_CONFIG   config file path when --config is not given
  CLEARINGHOUSE_TOTP     two-factor code for 'login'
  CLEARINGHOUSE_DEBUG=1  print stack traces of errors
  XDG_CACHE_HOME         'feed pull' writes $XDG_CACHE_HOME/clearinghouse/feed.json (default ~/.cache/…)`;
