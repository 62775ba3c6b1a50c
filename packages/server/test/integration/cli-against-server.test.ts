import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/modules/identity/totp.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { buildOrg, buildUser, type TestUser } from '../support/factories.js';
import { runTs } from '../support/run-bin.js';

/** The `clearinghouse` CLI, run as a user would, against the real server listening on loopback. */
describe.each(DIALECTS)('CLI against the server on %s', (dialect) => {
  let h: Harness;
  let server: string;
  let configDir: string;
  let operator: TestUser;
  let staff: TestUser;

  const cli = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    runTs('packages/cli/src/bin.ts', ['--server', server, ...args], {
      input: opts.input,
      env: {
        CLEARINGHOUSE_CONFIG: path.join(configDir, 'config.json'),
        CLEARINGHOUSE_TOKEN: '',
        ...opts.env,
      },
    });

  beforeAll(async () => {
    h = await startHarness(dialect);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    server = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-cli-'));
    const hospital = await buildOrg(h, { name: 'Riverside Hospital', kind: 'operator' });
    await buildOrg(h, { name: 'Acme Medical', kind: 'vendor' });
    operator = await buildUser(h, { email: 'it@riverside.test', orgId: hospital.id, orgRole: 'admin' });
    staff = await buildUser(h, {
      email: 'analyst@clearinghouse.test',
      roles: ['analyst'],
      orgId: hospital.id,
    });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it('logs in with the password on stdin, stores a token 0600, and never echoes the password', async () => {
    const res = await cli(['login', '--email', operator.email, '--password-stdin'], {
      input: `${operator.password}\n`,
    });
    expect(res.stderr).not.toContain(operator.password);
    expect(res.stdout).not.toContain(operator.password);
    expect(res.code).toBe(0);
    const file = path.join(configDir, 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { token: string; server: string };
    expect(saved.token).toMatch(/^cht_/);
    expect(saved.server).toBe(server);
    // The login session was ended; only the token remains.
    expect(await h.c.database.db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('whoami and orgs list work, in human and --json form', async () => {
    const who = await cli(['whoami']);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain(operator.email);
    expect(who.stdout).toContain('Riverside Hospital');
    const whoJson = JSON.parse((await cli(['whoami', '--json'])).stdout) as {
      email: string;
      authenticatedBy: string;
    };
    expect(whoJson).toMatchObject({ email: operator.email, authenticatedBy: 'token' });

    const list = await cli(['orgs', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Acme Medical/);
    const vendors = JSON.parse((await cli(['orgs', 'list', '--kind', 'vendor', '--json'])).stdout) as {
      name: string;
    }[];
    expect(vendors.map((o) => o.name)).toEqual(['Acme Medical']);
  });

  it('asks for the second factor when the account has one', async () => {
    const noCode = await cli(['login', '--email', staff.email, '--password-stdin', '--json'], {
      input: `${staff.password}\n`,
    });
    expect(noCode.code).toBe(3);
    const ok = await cli(['login', '--email', staff.email, '--password-stdin'], {
      input: `${staff.password}\n${currentTotp(staff.totpSecret ?? '')}\n`,
    });
    expect(ok.code).toBe(0);
    expect((await cli(['whoami', '--json'])).stdout).toContain(staff.email);
  });

  it('reports a wrong password with exit code 3 and a one-line error', async () => {
    const res = await cli(['login', '--email', operator.email, '--password-stdin'], {
      input: 'not the password\n',
    });
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^error: /);
  });

  it('logs out, revoking the token on the server', async () => {
    await cli(['login', '--email', operator.email, '--password-stdin'], { input: `${operator.password}\n` });
    const token = (
      JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { token: string }
    ).token;
    expect((await cli(['logout'])).code).toBe(0);
    const me = await fetch(`${server}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    const after = await cli(['whoami']);
    expect(after.code).toBe(3);
    expect(after.stderr).toContain('not logged in');
  });

  it('exits 4 when the server cannot be reached', async () => {
    const res = await runTs('packages/cli/src/bin.ts', ['--server', 'http://127.0.0.1:9', 'orgs', 'list'], {
      env: { CLEARINGHOUSE_CONFIG: path.join(configDir, 'none.json'), CLEARINGHOUSE_TOKEN: 'cht_x' },
    });
    expect(res.code).toBe(4);
  });
});
