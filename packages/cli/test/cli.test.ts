import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../src/cli-error.js';
import { readConfigFile, writeConfigFile, type ConfigFile } from '../src/config-file.js';
import { ExitCode } from '../src/exit-codes.js';
import {
  apiError,
  CSRF,
  EMAIL,
  organization,
  PASSWORD,
  SECRET,
  SESSION,
  startFakeApi,
  TOKEN,
  TOTP,
  type FakeApi,
} from './fake-api.js';
import { runCli, type Result } from './run-cli.js';

let dir: string;
let configPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clearinghouse-cli-'));
  configPath = join(dir, 'config', 'clearinghouse', 'config.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(
  args: string[],
  options: { stdin?: string | NodeJS.ReadableStream; env?: Record<string, string> } = {},
): Promise<Result> {
  return runCli(args, { home: dir, configPath, ...options });
}

async function saveConfig(config: ConfigFile, mode = 0o600): Promise<void> {
  await writeConfigFile(configPath, config);
  await chmod(configPath, mode);
}

describe('config file', () => {
  it('is written with mode 0600 in a directory created with mode 0700', async () => {
    await writeConfigFile(configPath, {
      server: 'http://127.0.0.1:1',
      token: 'secret-token',
      tokenId: 'tok_1',
    });
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'config', 'clearinghouse'))).mode & 0o777).toBe(0o700);
    expect(await readConfigFile(configPath)).toEqual({
      server: 'http://127.0.0.1:1',
      token: 'secret-token',
      tokenId: 'tok_1',
    });
  });

  it('keeps mode 0600 when it replaces a file that was 0644', async () => {
    await saveConfig({ token: 'old' }, 0o644);
    await writeConfigFile(configPath, { token: 'new' });
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as an empty config', async () => {
    expect(await readConfigFile(join(dir, 'absent.json'))).toEqual({});
  });

  it('refuses to read a file that others may read, and says how to fix it', async () => {
    await saveConfig({ token: 'secret-token' }, 0o644);
    const error = await readConfigFile(configPath).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.Auth);
    expect((error as CliError).message).toContain(`chmod 600 ${configPath}`);
  });

  it('refuses a file that is not JSON', async () => {
    await saveConfig({});
    await writeFile(configPath, '{ not json');
    await expect(readConfigFile(configPath)).rejects.toMatchObject({ exitCode: 3, code: 'config_invalid' });
  });

  it('makes commands exit 3 with the chmod hint, without contacting the server', async () => {
    const api = await startFakeApi();
    try {
      await saveConfig({ server: api.url, token: SECRET }, 0o640);
      const result = await cli(['whoami']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^error: refusing to read config file .* mode 0640 .*chmod 600/);
      expect(result.stderr.split('\n')).toHaveLength(2); // one line
      expect(api.requests).toHaveLength(0);
    } finally {
      await api.close();
    }
  });
});

describe('usage and errors without a server', () => {
  it('exits 2 on an unknown flag, with one line on stderr', async () => {
    const result = await cli(['whoami', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown option '--bogus'\n");
    expect(result.stdout).toBe('');
  });

  it('exits 2 on an unknown command and on a bad --kind', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['orgs', 'list', '--kind', 'pirate'])).code).toBe(2);
    expect((await cli(['orgs'])).code).toBe(2);
  });

  it('exits 2 on a malformed --server', async () => {
    const result = await cli(['whoami', '--server', 'ftp://example.org']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('http:// or https://');
  });

  it('takes no password as an argument', async () => {
    const result = await cli(['login', '--email', EMAIL, '--password', 'hunter2hunter2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--password'");
    expect(result.stderr).not.toContain('hunter2');
  });

  it('documents the exit codes in --help and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toMatch(/3 +authentication/);
    const sub = await cli(['orgs', 'list', '--help']);
    expect(sub.stdout).toContain('--json');
    expect(sub.stdout).toContain('Exit codes:');
  });

  it('whoami without a token exits 3 and says to log in', async () => {
    const result = await cli(['whoami']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: not logged in — run 'clearinghouse login'\n");
    expect(result.stdout).toBe('');
  });

  it('prints errors as {"error":{…}} JSON on stderr with --json, and nothing on stdout', async () => {
    const result = await cli(['whoami', '--json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'not_logged_in', message: "not logged in — run 'clearinghouse login'" },
    });

    const usage = await cli(['--json', 'orgs', 'list', '--nope']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(JSON.parse(usage.stderr)).toEqual({
      error: { code: 'usage_error', message: "unknown option '--nope'" },
    });

    const group = await cli(['orgs', '--json']);
    expect(group.code).toBe(2);
    expect(JSON.parse(group.stderr)).toMatchObject({ error: { code: 'usage_error' } });
  });

  it('exits 4 with one line when the server is unreachable', async () => {
    const api = await startFakeApi();
    const url = api.url;
    await api.close();
    const result = await cli(['whoami', '--server', url], { env: { CLEARINGHOUSE_TOKEN: SECRET } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot reach ${url}: .*ECONNREFUSED.*\\n$`));
  });

  it('never prints a stack trace unless CLEARINGHOUSE_DEBUG=1', async () => {
    expect((await cli(['whoami'])).stderr).not.toContain('    at ');
    expect((await cli(['whoami'], { env: { CLEARINGHOUSE_DEBUG: '1' } })).stderr).toContain('    at ');
  });
});

describe('against an imitation of the API', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await startFakeApi();
  });

  afterEach(async () => {
    await api.close();
  });

  const calls = (): string[] => api.requests.map((r) => `${r.method} ${r.path}`);

  async function login(extra: string[] = [], stdin = `${PASSWORD}\n`): Promise<Result> {
    return cli(['login', '--server', api.url, '--email', EMAIL, '--password-stdin', ...extra], { stdin });
  }

  describe('login', () => {
    it('logs in, creates a write token with the session cookie and CSRF token, ends the session and saves the token 0600', async () => {
      const result = await login();
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        `Logged in to ${api.url} as ${EMAIL}. Token ${TOKEN.prefix}… saved to ${configPath} (expires 2026-03-01).\n`,
      );
      expect(calls()).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/tokens', 'POST /api/v1/auth/logout']);

      const [loginRequest, tokenRequest, logoutRequest] = api.requests;
      expect(JSON.parse(loginRequest?.body ?? '')).toEqual({ email: EMAIL, password: PASSWORD });
      expect(tokenRequest?.headers.cookie).toBe(`ch_session=${SESSION}`);
      expect(tokenRequest?.headers['x-csrf-token']).toBe(CSRF);
      expect(tokenRequest?.headers.authorization).toBeUndefined();
      const tokenBody = JSON.parse(tokenRequest?.body ?? '') as Record<string, unknown>;
      expect(tokenBody).toMatchObject({ scope: 'write', expiresInDays: 90 });
      expect(tokenBody.name).toMatch(/^clearinghouse-cli on .+/);
      expect(logoutRequest?.headers.cookie).toBe(`ch_session=${SESSION}`);
      expect(logoutRequest?.headers['x-csrf-token']).toBe(CSRF);

      expect((await stat(configPath)).mode & 0o777).toBe(0o600);
      const saved = JSON.parse(await readFile(configPath, 'utf8')) as unknown;
      expect(saved).toEqual({ server: api.url, token: SECRET, tokenId: TOKEN.id, email: EMAIL });
    });

    it('never lets the password reach the output, the config file or a URL', async () => {
      const result = await login(['--json']);
      expect(result.code).toBe(0);
      for (const text of [result.stdout, result.stderr, await readFile(configPath, 'utf8')]) {
        expect(text).not.toContain(PASSWORD);
      }
      for (const request of api.requests) expect(request.query.toString()).not.toContain('horse');
      // --json: the token's record, never its secret.
      const output = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(output).toEqual({ server: api.url, email: EMAIL, configPath, token: TOKEN });
      expect(result.stdout).not.toContain(SECRET);
    });

    it('warns before sending a password over plain HTTP to another machine', async () => {
      const result = await cli(
        ['login', '--server', 'http://clearinghouse.example.org', '--email', EMAIL, '--password-stdin'],
        { stdin: '' },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^warning: http:\/\/clearinghouse.example.org does not use HTTPS/);
      expect((await login()).stderr).toBe(''); // 127.0.0.1 is fine
    });

    it('uses --token-name', async () => {
      expect((await login(['--token-name', 'ci runner'])).code).toBe(0);
      expect(JSON.parse(api.requests[1]?.body ?? '')).toMatchObject({ name: 'ci runner' });
    });

    it('reads the two-factor code from the next stdin line when the server asks for it', async () => {
      api.totp = true;
      const result = await login([], `${PASSWORD}\n${TOTP}\n`);
      expect(result.code).toBe(0);
      expect(calls()).toEqual([
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/login',
        'POST /api/v1/tokens',
        'POST /api/v1/auth/logout',
      ]);
      expect(JSON.parse(api.requests[1]?.body ?? '')).toEqual({
        email: EMAIL,
        password: PASSWORD,
        totp: TOTP,
      });
    });

    it('reads the two-factor code from CLEARINGHOUSE_TOTP', async () => {
      api.totp = true;
      const result = await cli(['login', '--server', api.url, '--email', EMAIL, '--password-stdin'], {
        stdin: `${PASSWORD}\n`,
        env: { CLEARINGHOUSE_TOTP: TOTP },
      });
      expect(result.code).toBe(0);
    });

    it('exits 3 when the two-factor code is missing or wrong', async () => {
      api.totp = true;
      const missing = await login();
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('two-factor code');
      const wrong = await login([], `${PASSWORD}\n000000\n`);
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toBe(
        'error: server said 401 totp_invalid: Wrong two-factor code. (request req_test0001)\n',
      );
    });

    it('exits 3 on a wrong password and saves nothing', async () => {
      const result = await login([], 'wrong password\n');
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(
        'error: server said 401 invalid_credentials: Wrong e-mail or password. (request req_test0001)\n',
      );
      await expect(stat(configPath)).rejects.toThrow();
    });

    it('exits 2 without a password on stdin, or without --email when stdin is not a terminal', async () => {
      expect((await login([], '')).code).toBe(2);
      const noEmail = await cli(['login', '--server', api.url], { stdin: `${PASSWORD}\n` });
      expect(noEmail.code).toBe(2);
      expect(noEmail.stderr).toContain('--email is required');
      const noTty = await cli(['login', '--server', api.url, '--email', EMAIL], { stdin: `${PASSWORD}\n` });
      expect(noTty.code).toBe(2);
      expect(noTty.stderr).toContain('--password-stdin');
      expect(api.requests).toHaveLength(0);
    });

    it('still ends the session when creating the token fails', async () => {
      api.override = (request) =>
        request.path === '/api/v1/tokens'
          ? apiError(403, 'mfa_enrollment_required', 'Enrol two-factor first.')
          : undefined;
      const result = await login();
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('server said 403 mfa_enrollment_required');
      expect(calls()).toContain('POST /api/v1/auth/logout');
      await expect(stat(configPath)).rejects.toThrow();
    });

    it('asks for the password on a terminal without echoing it', async () => {
      const stdin = Object.assign(new PassThrough(), {
        isTTY: true,
        rawModes: [] as boolean[],
        setRawMode(mode: boolean) {
          this.rawModes.push(mode);
          return this;
        },
      });
      // Typed with a mistake, corrected with backspace.
      stdin.write(`${PASSWORD}x\u007f\r`);
      const result = await cli(['login', '--server', api.url, '--email', EMAIL], { stdin });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('Password: \n');
      expect(stdin.rawModes).toEqual([true, false]);
      expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({ email: EMAIL, password: PASSWORD });
    });

    it('--with-token validates the token read from stdin and saves it with its id', async () => {
      const result = await cli(['login', '--server', api.url, '--with-token'], { stdin: `${SECRET}\n` });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/tokens']);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(await readConfigFile(configPath)).toEqual({
        server: api.url,
        token: SECRET,
        tokenId: TOKEN.id,
        email: EMAIL,
      });
    });

    it('--with-token exits 3 on a token the server rejects, and saves nothing', async () => {
      const result = await cli(['login', '--server', api.url, '--with-token'], { stdin: 'chp_wrong\n' });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('401 unauthenticated');
      await expect(stat(configPath)).rejects.toThrow();
    });

    it('--with-token conflicts with --password-stdin', async () => {
      expect((await cli(['login', '--with-token', '--password-stdin'])).code).toBe(2);
    });
  });

  describe('whoami', () => {
    it('shows the account the saved token belongs to', async () => {
      await saveConfig({ server: api.url, token: SECRET, tokenId: TOKEN.id, email: EMAIL });
      const result = await cli(['whoami']);
      expect(result.code).toBe(0);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(result.stdout).toMatch(/^Name: +Alice Analyst$/m);
      expect(result.stdout).toMatch(/^Email: +alice@example.org$/m);
      expect(result.stdout).toMatch(/^Clearinghouse roles: +analyst$/m);
      expect(result.stdout).toMatch(/^Two-factor: +off$/m);
      expect(result.stdout).toMatch(/^Token scope: +write$/m);
      expect(result.stdout).toMatch(/^ +Acme AI +vendor +admin$/m);
    });

    it('prints the Me object with --json', async () => {
      await saveConfig({ server: api.url, token: SECRET });
      const result = await cli(['whoami', '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        email: EMAIL,
        authenticatedBy: 'token',
        tokenScope: 'write',
      });
    });

    it('prefers CLEARINGHOUSE_TOKEN to the saved token', async () => {
      await saveConfig({ server: api.url, token: 'chp_saved_token' });
      const result = await cli(['whoami'], { env: { CLEARINGHOUSE_TOKEN: SECRET } });
      expect(result.code).toBe(0);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    });

    it('does not send the saved token to another server', async () => {
      await saveConfig({ server: 'https://clearinghouse.example.org', token: SECRET });
      const result = await cli(['whoami', '--server', api.url]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`not logged in to ${api.url}`);
      expect(api.requests).toHaveLength(0);
    });

    it('exits 3 when the server rejects the token, and suggests logging in', async () => {
      await saveConfig({ server: api.url, token: 'chp_expired' });
      const result = await cli(['whoami']);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(
        "error: server said 401 unauthenticated: Log in first. (request req_test0001) — run 'clearinghouse login'\n",
      );
    });
  });

  describe('orgs list', () => {
    beforeEach(async () => {
      await saveConfig({ server: api.url, token: SECRET, tokenId: TOKEN.id });
    });

    it('--json concatenates every page', async () => {
      const result = await cli(['orgs', 'list', '--json']);
      expect(result.code).toBe(0);
      const orgs = JSON.parse(result.stdout) as { name: string }[];
      expect(orgs.map((o) => o.name)).toEqual(['Acme AI', 'Water Works', 'Gov CERT']);
      expect(api.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'cursor-page-2']);
    });

    it('prints a table', async () => {
      const result = await cli(['orgs', 'list']);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID +NAME +KIND +SECTORS +VERIFIED$/);
      expect(lines[1]).toMatch(/^org_\S+ +Acme AI +vendor +information_technology,energy +yes$/);
      expect(lines[3]).toMatch(/^org_\S+ +Gov CERT +government +- +no$/);
      expect(lines).toHaveLength(4);
    });

    it('passes --kind, --query and --mine to the server', async () => {
      await cli(['orgs', 'list', '--kind', 'operator', '--query', 'water', '--mine']);
      const query = api.requests[0]?.query;
      expect(query?.get('kind')).toBe('operator');
      expect(query?.get('q')).toBe('water');
      expect(query?.get('mine')).toBe('true');
    });

    it('says so when there are none', async () => {
      api.override = () => ({ status: 200, body: { items: [], nextCursor: null } });
      const result = await cli(['orgs', 'list']);
      expect(result.stdout).toBe('No organizations.\n');
      expect((await cli(['orgs', 'list', '--json'])).stdout).toBe('[]\n');
    });

    it('keeps control characters from the server off the terminal', async () => {
      api.override = () => ({
        status: 200,
        body: { items: [organization(9, { name: 'Evil\u001b[2J' })], nextCursor: null },
      });
      const result = await cli(['orgs', 'list']);
      expect(result.stdout).not.toContain('\u001b');
      expect(result.stdout).toContain('Evil?[2J');
    });

    it.each([
      [
        apiError(403, 'forbidden', 'Not allowed.'),
        3,
        'error: server said 403 forbidden: Not allowed. (request req_test0001)\n',
      ],
      [
        apiError(422, 'validation_failed', 'Invalid query.', [{ path: 'query.q', message: 'too long' }]),
        5,
        'error: server said 422 validation_failed: Invalid query.: query.q: too long (request req_test0001)\n',
      ],
      [
        apiError(500, 'internal_error', 'Something broke.'),
        4,
        'error: server said 500 internal_error: Something broke. (request req_test0001)\n',
      ],
      [{ status: 502, raw: '<html>Bad Gateway</html>' }, 4, /^error: unexpected 502 Bad Gateway answer/],
      [{ status: 200, body: { items: 'nope' } }, 4, /^error: unexpected answer to GET \/api\/v1\/orgs/],
    ] as const)('maps an error answer to its exit code (%#)', async (reply, exitCode, message) => {
      api.override = () => reply;
      const result = await cli(['orgs', 'list']);
      expect(result.code).toBe(exitCode);
      expect(result.stdout).toBe('');
      if (typeof message === 'string') expect(result.stderr).toBe(message);
      else expect(result.stderr).toMatch(message);
    });

    it('gives API errors in --json mode with status, requestId and details', async () => {
      api.override = () =>
        apiError(422, 'validation_failed', 'Invalid query.', [{ path: 'query.q', message: 'too long' }]);
      const result = await cli(['orgs', 'list', '--json']);
      expect(result.code).toBe(5);
      expect(JSON.parse(result.stderr)).toEqual({
        error: {
          code: 'validation_failed',
          message: 'Invalid query.',
          status: 422,
          requestId: 'req_test0001',
          details: [{ path: 'query.q', message: 'too long' }],
        },
      });
    });
  });

  describe('logout', () => {
    it('revokes the saved token and removes it from the config file', async () => {
      await saveConfig({ server: api.url, token: SECRET, tokenId: TOKEN.id, email: EMAIL });
      const result = await cli(['logout']);
      expect(result.code).toBe(0);
      expect(calls()).toEqual([`DELETE /api/v1/tokens/${TOKEN.id}`]);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(result.stdout).toContain('revoked');
      expect(await readConfigFile(configPath)).toEqual({ server: api.url, email: EMAIL });
      expect((await stat(configPath)).mode & 0o777).toBe(0o600);

      const again = await cli(['logout']);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(`Not logged in to ${api.url}; nothing to do.\n`);
    });

    it('removes a token the server no longer knows (401/404)', async () => {
      await saveConfig({ server: api.url, token: 'chp_gone', tokenId: TOKEN.id });
      const result = await cli(['logout', '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'already_invalid' });
      expect((await readConfigFile(configPath)).token).toBeUndefined();
    });

    it('keeps the token when the server fails, so logout can be retried', async () => {
      await saveConfig({ server: api.url, token: SECRET, tokenId: TOKEN.id });
      api.override = () => apiError(500, 'internal_error', 'Down.');
      const result = await cli(['logout']);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('still saved');
      expect((await readConfigFile(configPath)).token).toBe(SECRET);
    });
  });

  it('the built-in bin logs in from a pipe and exits with the code', async () => {
    const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
    const child = execFile(
      process.execPath,
      [
        '--conditions=@clearinghouse/source',
        '--import',
        'tsx',
        bin,
        'login',
        '--server',
        api.url,
        '--email',
        EMAIL,
        '--password-stdin',
      ],
      { env: { PATH: process.env.PATH, HOME: dir, CLEARINGHOUSE_CONFIG: configPath }, timeout: 20_000 },
    );
    child.stdin?.end(`${PASSWORD}\n`);
    const [code, stdout, stderr] = await new Promise<[number | null, string, string]>((resolve) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: string) => (out += chunk));
      child.stderr?.on('data', (chunk: string) => (err += chunk));
      child.on('close', (exitCode) => {
        resolve([exitCode, out, err]);
      });
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Logged in to ${api.url} as ${EMAIL}.`);
    expect(child.spawnargs.join(' ')).not.toContain(PASSWORD);
  }, 30_000);
});
