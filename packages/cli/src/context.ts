import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import { CliError } from './cli-error.js';
import {
  readConfigFile,
  readEnvironment,
  resolveConfigPath,
  type CliEnvironment,
  type ConfigFile,
  type RawEnvironment,
} from './config-file.js';
import { ExitCode } from './exit-codes.js';
import { Output, type Writer } from './output.js';
import { StdinLines, type InputStream } from './prompt.js';
import { VERSION } from './version.js';

/** Everything a command touches outside itself, so tests can run the CLI in-process. */
export interface CliIo {
  readonly stdin: InputStream;
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly env: RawEnvironment;
}

/** The options every command accepts (declared on the program, usable before or after the command). */
export interface GlobalOptions {
  readonly server?: string;
  readonly json?: boolean;
  readonly config?: string;
}

export const DEFAULT_SERVER = 'http://localhost:8080';

export interface Session {
  readonly server: string;
  readonly token: string;
  readonly source: 'environment' | 'config';
}

/** What a command runs with: parsed global options, output, config file and API access. */
export class CommandContext {
  readonly out: Output;
  readonly env: CliEnvironment;
  readonly configPath: string;
  readonly #io: CliIo;
  readonly #serverFlag: string | undefined;
  #config: Promise<ConfigFile> | undefined;
  #stdinLines: StdinLines | undefined;

  constructor(io: CliIo, options: GlobalOptions) {
    this.#io = io;
    this.env = readEnvironment(io.env);
    this.out = new Output(io.stdout, io.stderr, options.json === true);
    this.configPath = resolveConfigPath(options.config, this.env);
    this.#serverFlag = options.server;
  }

  static of(command: Command, io: CliIo): CommandContext {
    return new CommandContext(io, command.optsWithGlobals<GlobalOptions>());
  }

  get io(): CliIo {
    return this.#io;
  }

  /** The config file, read once (and refused when other users may read it). */
  async config(): Promise<ConfigFile> {
    this.#config ??= readConfigFile(this.configPath);
    return this.#config;
  }

  /** `--server`, else $CLEARINGHOUSE_SERVER, else the config file's, else http://localhost:8080. */
  async server(): Promise<string> {
    if (this.#serverFlag !== undefined) return normalizeServerUrl(this.#serverFlag, '--server');
    if (this.env.server !== undefined) return normalizeServerUrl(this.env.server, 'CLEARINGHOUSE_SERVER');
    const saved = (await this.config()).server;
    if (saved !== undefined)
      return normalizeServerUrl(saved, `"server" in ${this.configPath}`, ExitCode.Auth);
    return DEFAULT_SERVER;
  }

  /**
   * The server and the token to call it with: $CLEARINGHOUSE_TOKEN, else the saved token, which
   * is only ever sent to the server it was issued by.
   */
  async session(): Promise<Session> {
    const server = await this.server();
    if (this.env.token !== undefined) {
      return { server, token: checkToken(this.env.token, 'CLEARINGHOUSE_TOKEN'), source: 'environment' };
    }
    const config = await this.config();
    if (config.token === undefined) {
      throw new CliError(ExitCode.Auth, 'not_logged_in', "not logged in — run 'clearinghouse login'");
    }
    const savedServer =
      config.server === undefined
        ? undefined
        : normalizeServerUrl(config.server, `"server" in ${this.configPath}`, ExitCode.Auth);
    if (savedServer !== undefined && savedServer !== server) {
      throw new CliError(
        ExitCode.Auth,
        'not_logged_in',
        `not logged in to ${server} (the saved token is for ${savedServer}) — run 'clearinghouse login --server ${server}'`,
      );
    }
    return { server, token: checkToken(config.token, this.configPath), source: 'config' };
  }

  client(server: string, token?: string): ApiClient {
    return new ApiClient({ baseUrl: server, token, userAgent: `clearinghouse-cli/${VERSION}` });
  }

  /** stdin read line by line, shared by everything one command reads from it. */
  stdinLines(): StdinLines {
    this.#stdinLines ??= new StdinLines(this.#io.stdin);
    return this.#stdinLines;
  }

  /** Releases stdin when the command is done. */
  dispose(): void {
    this.#stdinLines?.close();
  }
}

/** `http(s)://host[:port][/prefix]` without a trailing slash; anything else is refused. */
export function normalizeServerUrl(raw: string, source: string, exitCode: ExitCode = ExitCode.Usage): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CliError(
      exitCode,
      'invalid_server',
      `${source}: '${raw}' is not a URL (e.g. https://clearinghouse.example.org)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(
      exitCode,
      'invalid_server',
      `${source}: the server URL must start with http:// or https://`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new CliError(
      exitCode,
      'invalid_server',
      `${source}: the server URL must not contain credentials, a query or a fragment`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** True for a server on this machine, where plain HTTP is acceptable. */
export function isLoopback(server: string): boolean {
  const host = new URL(server).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A token goes into an HTTP header: refuse one that could not (or would split it). */
function checkToken(token: string, source: string): string {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new CliError(
      ExitCode.Auth,
      'invalid_token',
      `the token in ${source} contains spaces or invalid characters`,
    );
  }
  return token;
}

/** Wraps a command's handler: builds its context from the parsed options and releases stdin after. */
export function action<O extends object>(
  io: CliIo,
  handler: (context: CommandContext, options: O) => Promise<void>,
): (options: O, command: Command) => Promise<void> {
  return async (options, command) => {
    const context = CommandContext.of(command, io);
    try {
      await handler(context, options);
    } finally {
      context.dispose();
    }
  };
}

/** `action` for a command with one optional argument (`report status [idOrRef]`). */
export function actionWithArgument<O extends object>(
  io: CliIo,
  handler: (context: CommandContext, argument: string | undefined, options: O) => Promise<void>,
): (argument: string | undefined, options: O, command: Command) => Promise<void> {
  return async (argument, options, command) => {
    const context = CommandContext.of(command, io);
    try {
      await handler(context, argument, options);
    } finally {
      context.dispose();
    }
  };
}
