import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

/**
 * The one module of the CLI that reads `process.env` (see the ESLint boundary rule). Everything
 * else receives a `RawEnvironment` (so tests can pass their own) and reads it through
 * `readEnvironment`.
 */
export type RawEnvironment = Readonly<Record<string, string | undefined>>;

export function processEnvironment(): RawEnvironment {
  return process.env;
}

/** The environment variables the CLI understands; an empty value counts as unset. */
export interface CliEnvironment {
  /** CLEARINGHOUSE_SERVER */
  readonly server: string | undefined;
  /** CLEARINGHOUSE_TOKEN: takes precedence over the token in the config file. */
  readonly token: string | undefined;
  /** CLEARINGHOUSE_CONFIG */
  readonly configPath: string | undefined;
  /** CLEARINGHOUSE_TOTP: the two-factor code for `login`. */
  readonly totp: string | undefined;
  /** CLEARINGHOUSE_DEBUG=1: print stack traces. */
  readonly debug: boolean;
  readonly xdgConfigHome: string | undefined;
  /** XDG_CACHE_HOME: where `feed pull` keeps the offline feed. */
  readonly xdgCacheHome: string | undefined;
  readonly home: string | undefined;
}

export function readEnvironment(raw: RawEnvironment): CliEnvironment {
  const get = (name: string): string | undefined => {
    const value = raw[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  return {
    server: get('CLEARINGHOUSE_SERVER'),
    token: get('CLEARINGHOUSE_TOKEN')?.trim(),
    configPath: get('CLEARINGHOUSE_CONFIG'),
    totp: get('CLEARINGHOUSE_TOTP')?.trim(),
    debug: get('CLEARINGHOUSE_DEBUG') === '1',
    xdgConfigHome: get('XDG_CONFIG_HOME'),
    xdgCacheHome: get('XDG_CACHE_HOME'),
    home: get('HOME'),
  };
}

/**
 * A variable the user names on the command line (`report status --followup-secret-env VAR`), so
 * a secret travels in the environment rather than in argv. Empty counts as unset, as above.
 */
export function readVariable(raw: RawEnvironment, name: string): string | undefined {
  const value = raw[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** What `login` saves. `token` is a secret: the file is written 0600 and read only when private. */
export interface ConfigFile {
  server?: string;
  token?: string;
  tokenId?: string;
  email?: string;
}

const CONFIG_KEYS = ['server', 'token', 'tokenId', 'email'] as const;

/** `--config`, else $CLEARINGHOUSE_CONFIG, else $XDG_CONFIG_HOME/clearinghouse, else ~/.config/clearinghouse. */
export function resolveConfigPath(flag: string | undefined, env: CliEnvironment): string {
  if (flag !== undefined && flag !== '') return resolve(flag);
  if (env.configPath !== undefined) return resolve(env.configPath);
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (env.xdgConfigHome !== undefined && isAbsolute(env.xdgConfigHome)) {
    return join(env.xdgConfigHome, 'clearinghouse', 'config.json');
  }
  return join(env.home ?? homedir(), '.config', 'clearinghouse', 'config.json');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function describeFsError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code !== undefined) return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads the config file; a missing file is an empty config. Refuses (exit 3) a file that group
 * or others may access, since it can hold a token, and says how to fix it.
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      // fstat the open file rather than stat the path, so the file checked is the file read.
      const info = await handle.stat();
      if (!info.isFile()) {
        throw new CliError(ExitCode.Auth, 'config_invalid', `config file ${path} is not a regular file`);
      }
      if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
        const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
        throw new CliError(
          ExitCode.Auth,
          'config_insecure',
          `refusing to read config file ${path}: its mode ${mode} lets other users access it — ` +
            `run 'chmod 600 ${path}' (and revoke the token if others may have read it)`,
        );
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (errorCode(error) === 'ENOENT') return {};
    throw new CliError(
      ExitCode.Auth,
      'config_unreadable',
      `cannot read config file ${path}: ${describeFsError(error)}`,
      { cause: error },
    );
  }
  return parseConfig(path, text);
}

function parseConfig(path: string, text: string): ConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      ExitCode.Auth,
      'config_invalid',
      `config file ${path} is not valid JSON — fix it, or delete it and run 'clearinghouse login'`,
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(ExitCode.Auth, 'config_invalid', `config file ${path} must hold a JSON object`);
  }
  const record = parsed as Record<string, unknown>;
  const config: ConfigFile = {};
  for (const key of CONFIG_KEYS) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new CliError(ExitCode.Auth, 'config_invalid', `config file ${path}: "${key}" must be a string`);
    }
    config[key] = value;
  }
  return config;
}

/**
 * Writes the config file with mode 0600 (its directory, when created, 0700), atomically: a
 * temporary file in the same directory is renamed over the old one, so a crash never leaves a
 * half-written file and the new file is never readable by others, not even for a moment.
 */
export async function writeConfigFile(path: string, config: ConfigFile): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.config.${randomBytes(6).toString('hex')}.tmp`);
  const content: ConfigFile = {};
  for (const key of CONFIG_KEYS) {
    const value = config[key];
    if (value !== undefined) content[key] = value;
  }
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.chmod(0o600); // whatever the umask
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new CliError(
      ExitCode.Auth,
      'config_unwritable',
      `cannot write config file ${path}: ${describeFsError(error)}`,
      { cause: error },
    );
  }
}
