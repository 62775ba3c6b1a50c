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

  it('submits a report file and a SARIF file, then reads the first report by its reference', async () => {
    const login = await cli(['login', '--email', operator.email, '--password-stdin'], {
      input: `${operator.password}\n`,
    });
    expect(login.code).toBe(0);

    const reportFile = path.join(configDir, 'report.json');
    fs.writeFileSync(
      reportFile,
      JSON.stringify({
        title: 'Infusion pump console accepts unsigned firmware',
        description:
          'The update endpoint of the pump console installs firmware without checking a signature.',
        affectedProducts: [{ vendor: 'Acme Medical', product: 'Pump Console', versions: '< 3.2' }],
        discoveryMethod: 'manual',
        suspectedCwe: 'CWE-347',
        sectors: ['healthcare'],
      }),
    );
    const submitted = await cli(['report', 'submit', '--file', reportFile, '--json']);
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const first = JSON.parse(submitted.stdout) as { id: string; ref: string; followUpSecret: string | null };
    expect(first).toMatchObject({ status: 'received', followUpSecret: null });
    expect(first.ref).toMatch(/^VR-\d{4}-\d{5}$/);

    const sarifFile = path.join(configDir, 'results.sarif');
    const location = (line: number) => [
      { physicalLocation: { artifactLocation: { uri: 'src/login.ts' }, region: { startLine: line } } },
    ];
    fs.writeFileSync(
      sarifFile,
      JSON.stringify({
        version: '2.1.0',
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        runs: [
          {
            tool: {
              driver: {
                name: 'TestScanner',
                version: '1.0.0',
                rules: [{ id: 'TS001', shortDescription: { text: 'Hard-coded credential' } }],
              },
            },
            results: [
              {
                ruleId: 'TS001',
                level: 'error',
                message: { text: 'A password literal.' },
                locations: location(10),
              },
              {
                ruleId: 'TS001',
                level: 'error',
                message: { text: 'An API key literal.' },
                locations: location(42),
              },
            ],
          },
        ],
      }),
    );
    const sarif = await cli(['report', 'submit', '--sarif', sarifFile]);
    expect(sarif.stderr).toBe('');
    expect(sarif.code).toBe(0);
    expect(sarif.stdout).toContain(`2 findings in ${sarifFile}, filed as 1 report:`);
    const sarifRef = /^ {2}(VR-\d{4}-\d{5}) {2}\S+$/m.exec(sarif.stdout)?.[1];
    expect(sarifRef).toBeDefined();
    const fromSarif = JSON.parse((await cli(['report', 'status', sarifRef ?? '', '--json'])).stdout) as {
      source: string;
      toolProvenance: { toolName: string; ruleId: string } | null;
    };
    expect(fromSarif).toMatchObject({
      source: 'sarif',
      toolProvenance: { toolName: 'TestScanner', ruleId: 'TS001' },
    });

    const status = await cli(['report', 'status', first.ref]);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^Reference: +${first.ref}$`, 'm'));
    expect(status.stdout).toMatch(/^Title: +Infusion pump console accepts unsigned firmware$/m);
    expect(status.stdout).toMatch(/^Status: +received$/m);
    expect(status.stdout).toMatch(/^TLP: +AMBER$/m);
    expect(status.stdout).toMatch(/^First response: +due \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/m);
    expect(status.stdout).toContain('Messages: none');

    const missing = await cli(['report', 'status', 'VR-1999-99999']);
    expect(missing.code).toBe(5);
  }, 90_000); // six CLI processes

  it('submits anonymously and reads the report back with the follow-up secret from the environment', async () => {
    const reportFile = path.join(configDir, 'anonymous.json');
    fs.writeFileSync(
      reportFile,
      JSON.stringify({
        title: 'Default password on the nurse call gateway',
        description: 'The gateway ships with admin/admin and does not ask to change it at first start.',
        affectedProducts: [{ vendor: 'Acme Medical', product: 'Nurse Call Gateway' }],
        discoveryMethod: 'manual',
        contactEmail: 'finder@example.test',
      }),
    );
    const env = { CLEARINGHOUSE_CONFIG: path.join(configDir, 'nobody.json') };
    const refused = await cli(['report', 'submit', '--file', reportFile], { env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('--anonymous');

    const submitted = await cli(['report', 'submit', '--file', reportFile, '--anonymous', '--json'], { env });
    expect(submitted.code).toBe(0);
    const body = JSON.parse(submitted.stdout) as { ref: string; followUpSecret: string };
    expect(body.followUpSecret).toMatch(/^chf_/);

    const status = await cli(['report', 'status', body.ref, '--followup-secret-env', 'CH_TEST_FOLLOWUP'], {
      env: { ...env, CH_TEST_FOLLOWUP: body.followUpSecret },
    });
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^Reference: +${body.ref}$`, 'm'));
  }, 60_000);

  it('lists no advisories with an empty-state line, and refuses to export an unknown one', async () => {
    const env = { CLEARINGHOUSE_CONFIG: path.join(configDir, 'nobody.json') };
    const list = await cli(['advisories', 'list'], { env });
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^No advisories\./);
    expect(JSON.parse((await cli(['advisories', 'list', '--json'], { env })).stdout)).toEqual([]);

    const output = path.join(configDir, 'unknown-advisory.json');
    const exported = await cli(
      ['advisories', 'export', 'CHSA-1999-9999', '--format', 'csaf', '--output', output],
      { env },
    );
    expect(exported.code).toBe(5);
    expect(exported.stderr).toMatch(/^error: server said 404 /);
    expect(fs.existsSync(output)).toBe(false);
  }, 60_000);

  it('exits 4 when the server cannot be reached', async () => {
    const res = await runTs('packages/cli/src/bin.ts', ['--server', 'http://127.0.0.1:9', 'orgs', 'list'], {
      env: { CLEARINGHOUSE_CONFIG: path.join(configDir, 'none.json'), CLEARINGHOUSE_TOKEN: 'cht_x' },
    });
    expect(res.code).toBe(4);
  });
});
