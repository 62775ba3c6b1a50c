import { hostname } from 'node:os';
import {
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  LoginRequest,
  Me,
  type ApiTokenCreate as ApiTokenCreateBody,
} from '@clearinghouse/shared';
import { Option, type Command } from 'commander';
import { ApiError, itemsOf, UnexpectedResponseError, type ApiClient } from '../api-client.js';
import { CliError } from '../cli-error.js';
import { writeConfigFile } from '../config-file.js';
import { action, isLoopback, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { describeFailure } from '../failure.js';
import { promptHidden, promptVisible } from '../prompt.js';

interface LoginOptions {
  email?: string;
  tokenName?: string;
  passwordStdin?: boolean;
  withToken?: boolean;
}

const SESSION_COOKIE = 'ch_session';
const TOKEN_SCOPE = 'write';
const TOKEN_DAYS = 90;

export function registerLogin(program: Command, io: CliIo): void {
  program
    .command('login')
    .summary('log in and save an API token for this CLI')
    .description(
      'Log in with e-mail and password (and a two-factor code when the account has one), create an ' +
        `API token (scope ${TOKEN_SCOPE}, ${TOKEN_DAYS} days) and save it in the config file with mode 0600. ` +
        'The password is asked for without echo and is never accepted as an argument. ' +
        'The login session ends as soon as the token exists.',
    )
    .option('--email <email>', 'account e-mail (asked for when not given)')
    .option('--token-name <name>', "name of the token to create (default: 'clearinghouse-cli on <hostname>')")
    .option(
      '--password-stdin',
      'read the password from the first line of stdin (and a two-factor code, if needed, from the next)',
    )
    .addOption(
      new Option(
        '--with-token',
        'save an existing API token read from stdin, instead of logging in',
      ).conflicts(['email', 'tokenName', 'passwordStdin']),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearinghouse login --server https://clearinghouse.example.org
  $ printf '%s\\n' "$PASSWORD" | clearinghouse login --email me@example.org --password-stdin
  $ clearinghouse login --with-token < token.txt`,
    )
    .action(
      action(io, async (context, options: LoginOptions) => {
        if (options.withToken === true) await loginWithToken(context);
        else await loginWithPassword(context, options);
      }),
    );
}

async function loginWithPassword(context: CommandContext, options: LoginOptions): Promise<void> {
  const server = await context.server();
  const tokenName = checkTokenName(options.tokenName ?? `clearinghouse-cli on ${hostname()}`.slice(0, 100));
  const email = checkEmail(await readEmail(context, options));
  warnIfPlainHttp(context, server);
  const password = await readPassword(context, options);
  const client = context.client(server);

  const { me, cookie, csrfToken } = await startSession(context, client, { email, password }, options);
  try {
    const body: ApiTokenCreateBody = { name: tokenName, scope: TOKEN_SCOPE, expiresInDays: TOKEN_DAYS };
    const { data: created } = await client.post('/api/v1/tokens', ApiTokenCreated, {
      body,
      cookie,
      csrfToken,
    });
    try {
      await writeConfigFile(context.configPath, {
        server,
        token: created.secret,
        tokenId: created.token.id,
        email: me.email,
      });
    } catch (error) {
      // Do not leave a token behind that nobody holds.
      await client
        .send('DELETE', `/api/v1/tokens/${encodeURIComponent(created.token.id)}`, { cookie, csrfToken })
        .catch(() => undefined);
      throw error;
    }
    report(context, server, me.email, created.token);
  } finally {
    await endSession(context, client, cookie, csrfToken);
  }
}

async function loginWithToken(context: CommandContext): Promise<void> {
  const server = await context.server();
  const { stdin, stderr } = context.io;
  const input =
    stdin.isTTY === true ? await promptHidden(stdin, stderr, 'Token: ') : await context.stdinLines().next();
  const secret = input?.trim() ?? '';
  if (secret === '') {
    throw new CliError(ExitCode.Usage, 'no_token', 'no token on stdin — pipe it in, e.g. < token.txt');
  }
  if (!/^[\x21-\x7e]+$/.test(secret)) {
    throw new CliError(ExitCode.Usage, 'invalid_token', 'the token contains spaces or invalid characters');
  }
  warnIfPlainHttp(context, server);
  const client = context.client(server, secret);
  const { data: me } = await client.get('/api/v1/me', Me);
  const token = await identifyToken(client, secret);
  await writeConfigFile(context.configPath, { server, token: secret, tokenId: token?.id, email: me.email });
  if (token === undefined) {
    context.out.warn(
      "could not identify the token on the server; 'clearinghouse logout' will forget it but not revoke it",
    );
  }
  report(context, server, me.email, token);
}

/** Finds the token's record by its prefix, so `logout` can revoke it; undefined when unsure. */
async function identifyToken(client: ApiClient, secret: string): Promise<ApiToken | undefined> {
  try {
    const { data } = await client.get('/api/v1/tokens', itemsOf(ApiToken));
    const matches = data.items.filter(
      (token) => token.revokedAt === null && token.prefix !== '' && secret.startsWith(token.prefix),
    );
    return matches.length === 1 ? matches[0] : undefined;
  } catch (error) {
    if (error instanceof ApiError || error instanceof UnexpectedResponseError) return undefined;
    throw error;
  }
}

function report(context: CommandContext, server: string, email: string, token: ApiToken | undefined): void {
  const path = context.configPath;
  context.out.result({ server, email, configPath: path, token: token ?? null }, () => {
    if (token === undefined) return `Logged in to ${server} as ${email}. Token saved to ${path}.`;
    const expiry = token.expiresAt === null ? 'does not expire' : `expires ${token.expiresAt.slice(0, 10)}`;
    return `Logged in to ${server} as ${email}. Token ${token.prefix}… saved to ${path} (${expiry}).`;
  });
}

async function readEmail(context: CommandContext, options: LoginOptions): Promise<string> {
  if (options.email !== undefined) return options.email;
  const { stdin, stderr } = context.io;
  if (options.passwordStdin === true || stdin.isTTY !== true) {
    throw new CliError(ExitCode.Usage, 'missing_email', '--email is required when stdin is not a terminal');
  }
  return promptVisible(stdin, stderr, 'Email: ');
}

async function readPassword(context: CommandContext, options: LoginOptions): Promise<string> {
  if (options.passwordStdin === true) {
    const password = await context.stdinLines().next();
    if (password === undefined || password === '') {
      throw new CliError(ExitCode.Usage, 'no_password', 'no password on the first line of stdin');
    }
    return password;
  }
  const { stdin, stderr } = context.io;
  if (stdin.isTTY !== true) {
    throw new CliError(
      ExitCode.Usage,
      'no_terminal',
      'cannot ask for the password: stdin is not a terminal — use --password-stdin',
    );
  }
  const password = await promptHidden(stdin, stderr, 'Password: ');
  if (password === '') throw new CliError(ExitCode.Usage, 'no_password', 'no password given');
  return password;
}

/** The two-factor code: $CLEARINGHOUSE_TOTP, the next stdin line (--password-stdin), or a prompt. */
async function readTotp(context: CommandContext, options: LoginOptions): Promise<string> {
  if (context.env.totp !== undefined) return context.env.totp;
  const { stdin, stderr } = context.io;
  let code: string | undefined;
  if (options.passwordStdin === true) code = await context.stdinLines().next();
  else if (stdin.isTTY === true) code = await promptVisible(stdin, stderr, 'Two-factor code: ');
  code = code?.trim();
  if (code === undefined || code === '') {
    throw new CliError(
      ExitCode.Auth,
      'totp_required',
      'this account needs a two-factor code: give it on the line after the password, or in CLEARINGHOUSE_TOTP',
    );
  }
  return code;
}

interface LoginSession {
  me: Me;
  cookie: string;
  csrfToken: string;
}

async function startSession(
  context: CommandContext,
  client: ApiClient,
  credentials: LoginRequest,
  options: LoginOptions,
): Promise<LoginSession> {
  let response;
  try {
    response = await client.post('/api/v1/auth/login', Me, { body: credentials });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401 && error.code === 'totp_required')) throw error;
    const totp = await readTotp(context, options);
    response = await client.post('/api/v1/auth/login', Me, { body: { ...credentials, totp } });
  }
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';', 1)[0]?.trim() ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1);
  if (cookie === undefined) {
    throw new UnexpectedResponseError(
      response.status,
      `the login answer set no ${SESSION_COOKIE} cookie`,
      undefined,
    );
  }
  const csrfToken = response.data.csrfToken;
  if (csrfToken === null) {
    throw new UnexpectedResponseError(response.status, 'the login answer carried no csrfToken', undefined);
  }
  return { me: response.data, cookie, csrfToken };
}

/** Ends the login session: the CLI keeps only the token. A failure here is only a warning. */
async function endSession(
  context: CommandContext,
  client: ApiClient,
  cookie: string,
  csrfToken: string,
): Promise<void> {
  try {
    await client.send('POST', '/api/v1/auth/logout', { cookie, csrfToken });
  } catch (error) {
    context.out.warn(`could not end the login session (it will expire): ${describeFailure(error).line}`);
  }
}

function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (!LoginRequest.shape.email.safeParse(trimmed).success) {
    throw new CliError(ExitCode.Usage, 'invalid_email', `'${trimmed}' is not an e-mail address`);
  }
  return trimmed;
}

function checkTokenName(name: string): string {
  const parsed = ApiTokenCreate.shape.name.safeParse(name);
  if (!parsed.success) {
    throw new CliError(ExitCode.Usage, 'invalid_token_name', '--token-name must be 1 to 100 characters');
  }
  return parsed.data;
}

function warnIfPlainHttp(context: CommandContext, server: string): void {
  if (server.startsWith('http://') && !isLoopback(server)) {
    context.out.warn(`${server} does not use HTTPS: the password and token cross the network unencrypted`);
  }
}
