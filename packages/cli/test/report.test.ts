import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../src/config-file.js';
import {
  apiError,
  EMAIL,
  FOLLOWUP_SECRET,
  report,
  REPORT_LIST,
  SARIF_SUBMITTED,
  SECRET,
  startFakeApi,
  SUBMITTED,
  TOKEN,
  type FakeApi,
} from './fake-api.js';
import { runCli, type Result } from './run-cli.js';

let dir: string;
let configPath: string;
let api: FakeApi;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clearinghouse-cli-report-'));
  configPath = join(dir, 'config', 'clearinghouse', 'config.json');
  api = await startFakeApi();
});

afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; stderrIsTTY?: boolean } = {},
): Promise<Result> {
  return runCli(['--server', api.url, ...args], { home: dir, configPath, ...options });
}

async function logIn(): Promise<void> {
  await writeConfigFile(configPath, { server: api.url, token: SECRET, tokenId: TOKEN.id, email: EMAIL });
  await chmod(configPath, 0o600);
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const calls = (): string[] => api.requests.map((r) => `${r.method} ${r.path}`);

const VALID_REPORT = {
  title: 'SQL injection in the login form',
  description: 'The username field is concatenated into a SQL query without escaping.',
  affectedProducts: [{ vendor: 'Acme', product: 'Portal', versions: '< 4.2.1' }],
  discoveryMethod: 'manual',
  suspectedCwe: 'CWE-89',
};

/** A SARIF 2.1.0 log: one run, one rule, `results` results in one file. */
function sarif(results = 2, padding = ''): string {
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: { name: 'TestScanner', rules: [{ id: 'TS001', shortDescription: { text: 'Bad' } }] },
        },
        results: Array.from({ length: results }, (_, i) => ({
          ruleId: 'TS001',
          message: { text: `Finding ${i}` },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'src/app.ts' }, region: { startLine: i + 1 } } },
          ],
        })),
        properties: { padding },
      },
    ],
  });
}

describe('report submit --file', () => {
  it('lists every problem with its path, exits 2 and sends nothing (before asking for a login)', async () => {
    const path = await file(
      'bad.json',
      JSON.stringify({
        title: 'abc',
        affectedProducts: [{ vendor: '' }],
        discoveryMethod: 'psychic',
        requestedTlp: 'PINK',
      }),
    );
    const result = await cli(['report', 'submit', '--file', path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: ${path} is not a valid report \\(6 problems\\): `));
    for (const at of [
      'title: ',
      'description: ',
      'affectedProducts.0.vendor: ',
      'affectedProducts.0.product: ',
      'discoveryMethod: ',
      'requestedTlp: ',
    ]) {
      expect(result.stderr).toContain(at);
    }
    expect(result.stderr.split('\n')).toHaveLength(2); // one line
    expect(api.requests).toHaveLength(0);
  });

  it('gives the problems as details with --json', async () => {
    const path = await file('bad.json', JSON.stringify({ ...VALID_REPORT, title: 'abc', sectors: ['moon'] }));
    const result = await cli(['report', 'submit', '--file', path, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const { error } = JSON.parse(result.stderr) as {
      error: { code: string; details: { path: string; message: string }[] };
    };
    expect(error.code).toBe('invalid_report');
    expect(error.details.map((d) => d.path)).toEqual(['title', 'sectors.0']);
    expect(api.requests).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{ "title": ', /is not valid JSON/],
    ['empty', '', /is empty/],
  ])('exits 2 on a file that is %s, sending nothing', async (_, content, message) => {
    await logIn();
    const result = await cli(['report', 'submit', '--file', await file('r.json', content)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(api.requests).toHaveLength(0);
  });

  it('exits 2 on a file that cannot be read', async () => {
    const result = await cli(['report', 'submit', '--file', join(dir, 'absent.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: cannot read ${join(dir, 'absent.json')}: no such file\n`);
  });

  it('submits with the saved token and prints the reference, id, status and acknowledgement', async () => {
    await logIn();
    const result = await cli([
      'report',
      'submit',
      '--file',
      await file('r.json', JSON.stringify(VALID_REPORT)),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['POST /api/v1/reports']);
    const [request] = api.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request?.headers['content-type']).toBe('application/json');
    // What the contract makes of the file, defaults included.
    expect(JSON.parse(request?.body ?? '')).toEqual({
      ...VALID_REPORT,
      vendorContacted: false,
      publiclyKnown: false,
      exploitedInWild: false,
      sectors: [],
      requestedTlp: 'AMBER',
      credit: { preference: 'anonymous' },
    });
    expect(result.stdout).toMatch(/^Report VR-2025-00099 submitted\.$/m);
    expect(result.stdout).toMatch(/^Reference: +VR-2025-00099$/m);
    expect(result.stdout).toMatch(new RegExp(`^ID: +${SUBMITTED.id}$`, 'm'));
    expect(result.stdout).toMatch(/^Status: +received$/m);
    expect(result.stdout).toMatch(new RegExp(`^Acknowledgement: +e-mailed to ${EMAIL}$`, 'm'));
    expect(result.stdout).not.toContain('FOLLOW-UP');
  });

  it('prints the ReportSubmitted body with --json, and reads the file from stdin with -', async () => {
    await logIn();
    const result = await cli(['report', 'submit', '--file', '-', '--json'], {
      stdin: JSON.stringify(VALID_REPORT),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(SUBMITTED);
    expect(result.stderr).toBe('');
  });

  it('warns about fields the contract does not know (they would be dropped)', async () => {
    await logIn();
    const path = await file('r.json', JSON.stringify({ ...VALID_REPORT, sugestedCvss: 'CVSS:3.1/AV:N' }));
    const result = await cli(['report', 'submit', '--file', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: ${path}: ignoring unknown field sugestedCvss\n`);
    expect(JSON.parse(api.requests[0]?.body ?? '')).not.toHaveProperty('sugestedCvss');
  });

  it('exits 3 when not logged in, pointing at login and --anonymous, and sends nothing', async () => {
    const result = await cli([
      'report',
      'submit',
      '--file',
      await file('r.json', JSON.stringify(VALID_REPORT)),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      "error: not logged in — run 'clearinghouse login', or add --anonymous to submit without an account\n",
    );
    expect(api.requests).toHaveLength(0);
  });

  it('--anonymous submits without a token and prints the follow-up secret once, with a warning', async () => {
    const path = await file('r.json', JSON.stringify({ ...VALID_REPORT, contactEmail: 'anon@example.org' }));
    const result = await cli(['report', 'submit', '--file', path, '--anonymous']);
    expect(result.code).toBe(0);
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.stdout).toContain('FOLLOW-UP SECRET — shown only this once');
    expect(result.stdout).toMatch(new RegExp(`^ {4}${FOLLOWUP_SECRET}$`, 'm'));
    expect(result.stdout).toContain('--followup-secret-env');
    expect(result.stdout).toMatch(/^Acknowledgement: +e-mailed to anon@example.org$/m);
    expect(result.stderr).toMatch(/^warning: the follow-up secret is shown only this once/);
  });

  it('--anonymous sends no token even when logged in; --json keeps the secret in the body', async () => {
    await logIn();
    const path = await file('r.json', JSON.stringify(VALID_REPORT));
    const result = await cli(['report', 'submit', '--file', path, '--anonymous', '--json']);
    expect(result.code).toBe(0);
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(result.stdout)).toEqual({
      ...SUBMITTED,
      followUpSecret: FOLLOWUP_SECRET,
      acknowledgementSentTo: null,
    });
    expect(JSON.parse(result.stderr)).toMatchObject({
      warning: { message: expect.stringContaining('once') },
    });
  });

  it('prints every problem the server finds (422), exit 5', async () => {
    await logIn();
    api.override = () =>
      apiError(422, 'validation_failed', 'Some fields are not valid.', [
        { path: 'suspectedCwe', message: 'CWE-99999 is not in the CWE catalog.' },
        { path: 'suggestedCvss', message: 'AV is missing.' },
      ]);
    const result = await cli([
      'report',
      'submit',
      '--file',
      await file('r.json', JSON.stringify(VALID_REPORT)),
    ]);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      'error: server said 422 validation_failed: Some fields are not valid.: ' +
        'suspectedCwe: CWE-99999 is not in the CWE catalog.; suggestedCvss: AV is missing. (request req_test0001)\n',
    );
  });
});

describe('report submit --sarif', () => {
  it('sends the file as application/sarif+json and prints each report and the number of findings', async () => {
    await logIn();
    const content = sarif(3);
    const path = await file('results.sarif', content);
    const result = await cli(['report', 'submit', '--sarif', path, '--org', 'org_1', '--tlp', 'RED']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['POST /api/v1/reports/sarif']);
    const [request] = api.requests;
    expect(request?.headers['content-type']).toBe('application/sarif+json');
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request?.body).toBe(content); // as it is, not re-encoded
    expect(request?.query.get('reporterOrgId')).toBe('org_1');
    expect(request?.query.get('tlp')).toBe('RED');
    expect(result.stdout).toBe(
      [
        `3 findings in ${path}, filed as 2 reports:`,
        `  VR-2025-00100  ${SARIF_SUBMITTED.reports[0]?.id ?? ''}`,
        `  VR-2025-00101  ${SARIF_SUBMITTED.reports[1]?.id ?? ''}`,
        '',
      ].join('\n'),
    );
  });

  it('prints the SarifSubmitted body with --json', async () => {
    await logIn();
    const result = await cli(['report', 'submit', '--sarif', await file('r.sarif', sarif(2)), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ...SARIF_SUBMITTED, resultCount: 2 });
    expect(api.requests[0]?.query.has('tlp')).toBe(false);
  });

  it('needs a login (exit 3, nothing sent)', async () => {
    const result = await cli(['report', 'submit', '--sarif', await file('r.sarif', sarif())]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("run 'clearinghouse login'");
    expect(api.requests).toHaveLength(0);
  });

  it('exits 2 on a file that is not JSON, sending nothing', async () => {
    await logIn();
    const result = await cli(['report', 'submit', '--sarif', await file('r.sarif', '<xml/>')]);
    expect(result.code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });

  it('prints all the problems the server finds in the SARIF at once (422, exit 5)', async () => {
    await logIn();
    api.override = () =>
      apiError(422, 'validation_failed', 'The SARIF document is not valid SARIF 2.1.0.', [
        { path: 'runs[0].tool.driver.name', message: 'A tool component needs a name.' },
        { path: 'runs[0].results[1].message', message: 'A result message needs a text or an id.' },
      ]);
    const result = await cli(['report', 'submit', '--sarif', await file('r.sarif', sarif())]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('runs[0].tool.driver.name: A tool component needs a name.');
    expect(result.stderr).toContain('runs[0].results[1].message: A result message needs a text or an id.');
  });

  it('draws a one-line progress on a terminal for a file over 1 MB, and clears it', async () => {
    await logIn();
    const big = await file('big.sarif', sarif(1, 'x'.repeat(1_500_000)));
    const result = await cli(['report', 'submit', '--sarif', big], { stderrIsTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`\r\u001b[2KUploading ${big} [`);
    expect(result.stderr).toContain('100%  1.5/1.5 MB');
    expect(result.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(result.stderr).not.toContain('\n');
    expect(result.stdout).toContain('1 finding in');
  });

  it('draws no progress off a terminal, with --json, or for a small file', async () => {
    await logIn();
    const big = await file('big.sarif', sarif(1, 'x'.repeat(1_500_000)));
    expect((await cli(['report', 'submit', '--sarif', big])).stderr).toBe('');
    expect((await cli(['report', 'submit', '--sarif', big, '--json'], { stderrIsTTY: true })).stderr).toBe(
      '',
    );
    const small = await file('small.sarif', sarif());
    expect((await cli(['report', 'submit', '--sarif', small], { stderrIsTTY: true })).stderr).toBe('');
  });
});

describe('report submit usage', () => {
  it.each([
    [[], 'give the report with --file <path>, or SARIF results with --sarif <path>'],
    [
      ['--file', 'a.json', '--sarif', 'b.sarif'],
      "option '--file <path>' cannot be used with option '--sarif",
    ],
    [['--sarif', 'b.sarif', '--anonymous'], 'cannot be used with'],
    [['--file', 'a.json', '--org', 'org_1'], 'cannot be used with'],
    [['--sarif', 'b.sarif', '--tlp', 'PINK'], "argument 'PINK' is invalid"],
  ])('exits 2 for %j, sending nothing', async (args, message) => {
    await logIn();
    const result = await cli(['report', 'submit', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });
});

describe('report status', () => {
  it('shows the status, response times, validation, case and the last five visible messages', async () => {
    await logIn();
    const result = await cli(['report', 'status', 'VR-2025-00042']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['GET /api/v1/reports/VR-2025-00042']);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    const out = result.stdout;
    expect(out).toMatch(/^Reference: +VR-2025-00042$/m);
    expect(out).toMatch(/^Title: +SQL injection in the login form of Acme Portal$/m);
    expect(out).toMatch(/^Status: +accepted$/m);
    expect(out).toMatch(/^TLP: +AMBER$/m);
    expect(out).toMatch(/^Created: +2025-12-01 12:00 UTC$/m);
    expect(out).toMatch(/^First response: +responded 2025-12-01 15:30 UTC \(due 2025-12-02 12:00 UTC\)$/m);
    expect(out).toMatch(/^Triage: +due 2025-12-04 12:00 UTC — OVERDUE$/m);
    expect(out).toMatch(
      /^CVSS 3\.1: +9\.8 CRITICAL \(CVSS:3\.1\/AV:N\/AC:L\/PR:N\/UI:N\/S:U\/C:H\/I:H\/A:H\)$/m,
    );
    expect(out).not.toContain('CVSS 4.0');
    expect(out).toMatch(/^SSVC: +Act \(SSVCv2\/E:P\/A:Y\/T:T\/M:H\/D:C\/\)$/m);
    expect(out).toMatch(/^CWE: +CWE-89 SQL Injection$/m);
    expect(out).toMatch(/^Case: +CH-2026-0001 \(case_01JCLITEST00000000000000001\)$/m);
    expect(out).toContain('Messages (the last 5 of 6; --json has all):');
    expect(out).not.toContain('Message number 1.');
    for (const n of [2, 3, 4, 5, 6]) expect(out).toContain(`    Message number ${n}.`);
    expect(out).toMatch(/^ {2}2025-12-06 13:00 UTC {2}Bob Analyst$/m);
    expect(out).not.toContain('Internal note');
  });

  it('prints the Report with --json, by id', async () => {
    await logIn();
    const result = await cli(['report', 'status', report().id, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(report());
  });

  it('exits 5 when the report is not found', async () => {
    await logIn();
    const result = await cli(['report', 'status', 'VR-2025-99999']);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      'error: server said 404 not_found: Report VR-2025-99999 not found. (request req_test0001)\n',
    );
    expect(result.stdout).toBe('');
  });

  it('exits 3 when not logged in, and sends nothing', async () => {
    const result = await cli(['report', 'status', 'VR-2025-00042']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: not logged in — run 'clearinghouse login'\n");
    expect(api.requests).toHaveLength(0);
  });

  it('exits 2 without an id or reference, or with one that cannot be', async () => {
    await logIn();
    expect((await cli(['report', 'status'])).code).toBe(2);
    expect((await cli(['report', 'status', 'VR 2025'])).code).toBe(2);
    expect((await cli(['report', 'status', 'x'.repeat(65)])).code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });

  it('keeps control characters in messages off the terminal', async () => {
    await logIn();
    api.override = () => ({
      status: 200,
      body: report({
        messages: [
          {
            id: 'msg_x',
            author: 'Evil\u001b[2J',
            authorKind: 'reporter',
            internal: false,
            body: 'line one\nline\u001b[31m two',
            createdAt: '2025-12-01T12:00:00.000Z',
          },
        ],
      }),
    });
    const result = await cli(['report', 'status', 'VR-2025-00042']);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('Evil?[2J');
    expect(result.stdout).toContain('    line one\n    line?[31m two\n');
  });

  describe('as the anonymous reporter, with --followup-secret-env', () => {
    it('reads the secret from the named variable and sends it as x-followup-secret, without a token', async () => {
      await logIn();
      const result = await cli(['report', 'status', '--followup-secret-env', 'CH_SECRET'], {
        env: { CH_SECRET: FOLLOWUP_SECRET },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(calls()).toEqual(['GET /api/v1/followup/report']);
      expect(api.requests[0]?.headers['x-followup-secret']).toBe(FOLLOWUP_SECRET);
      expect(api.requests[0]?.headers.authorization).toBeUndefined();
      expect(result.stdout).toMatch(/^Reference: +VR-2025-00042$/m);
      expect(result.stdout).toMatch(/^Status: +received$/m);
      expect(result.stdout).not.toContain('Case:');
      expect(result.stdout).not.toContain(FOLLOWUP_SECRET);
    });

    it('accepts the matching reference too, and prints the Report with --json', async () => {
      const result = await cli(
        ['report', 'status', 'VR-2025-00042', '--followup-secret-env', 'CH_SECRET', '--json'],
        { env: { CH_SECRET: FOLLOWUP_SECRET } },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ref: 'VR-2025-00042', status: 'received' });
    });

    it('exits 5 when the secret belongs to another report than the one named', async () => {
      const result = await cli(['report', 'status', 'VR-2025-00001', '--followup-secret-env', 'CH_SECRET'], {
        env: { CH_SECRET: FOLLOWUP_SECRET },
      });
      expect(result.code).toBe(5);
      expect(result.stderr).toBe(
        'error: the follow-up secret in $CH_SECRET is for report VR-2025-00042, not VR-2025-00001\n',
      );
      expect(result.stdout).toBe('');
    });

    it('exits 3 when the server does not know the secret, without suggesting a login', async () => {
      const result = await cli(['report', 'status', '--followup-secret-env', 'CH_SECRET', '--json'], {
        env: { CH_SECRET: 'chf_not_the_right_secret' },
      });
      expect(result.code).toBe(3);
      expect(JSON.parse(result.stderr)).toEqual({
        error: {
          code: 'followup_secret_rejected',
          message:
            'the server did not accept the follow-up secret in $CH_SECRET: That follow-up secret does not match any report.',
        },
      });
    });

    it('exits 2 when the variable is unset or is not a variable name, and sends nothing', async () => {
      const unset = await cli(['report', 'status', '--followup-secret-env', 'CH_SECRET']);
      expect(unset.code).toBe(2);
      expect(unset.stderr).toContain('environment variable CH_SECRET is not set');
      const secretGiven = await cli(['report', 'status', '--followup-secret-env', FOLLOWUP_SECRET]);
      expect(secretGiven.code).toBe(2);
      expect(secretGiven.stderr).toContain('takes the name of an environment variable, not the secret');
      expect(secretGiven.stderr).not.toContain(FOLLOWUP_SECRET);
      expect(api.requests).toHaveLength(0);
    });
  });
});

describe('report list', () => {
  beforeEach(async () => {
    await logIn();
  });

  it('prints a table: reference, status (with overdue), TLP, age and the title cut short', async () => {
    const result = await cli(['report', 'list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REF +STATUS +TLP +AGE +TITLE$/);
    expect(lines[1]).toMatch(/^VR-2025-00003 +received \(overdue\) +AMBER +\d+d +A very long title .{40,}…$/);
    expect(lines[1]?.length).toBeLessThan(130);
    expect(lines[2]).toMatch(/^VR-2025-00002 +valid +RED +\d+d +Report number 2$/);
    expect(lines).toHaveLength(4);
  });

  it('passes --status, --overdue and --mine to the server', async () => {
    await cli(['report', 'list', '--status', 'received,needs_info', '--overdue', '--mine']);
    const query = api.requests[0]?.query;
    expect(query?.get('status')).toBe('received,needs_info');
    expect(query?.get('overdue')).toBe('true');
    expect(query?.get('mine')).toBe('true');
  });

  it('stops at --limit and says there are more; --json gives the summaries', async () => {
    const result = await cli(['report', 'list', '--limit', '2', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(REPORT_LIST.slice(0, 2));
    expect(JSON.parse(result.stderr)).toEqual({
      warning: { message: 'showing the first 2 reports; there are more (raise --limit)' },
    });
    expect(api.requests[0]?.query.get('limit')).toBe('3');
  });

  it('follows the pages up to --limit', async () => {
    api.override = (request) => {
      const start = Number(request.query.get('cursor') ?? '0');
      return {
        status: 200,
        body: {
          items: REPORT_LIST.slice(start, start + 1),
          nextCursor: start < 2 ? String(start + 1) : null,
        },
      };
    };
    const result = await cli(['report', 'list', '--json']);
    expect((JSON.parse(result.stdout) as unknown[]).length).toBe(3);
    expect(api.requests.map((r) => r.query.get('cursor'))).toEqual([null, '1', '2']);
    expect(result.stderr).toBe('');
  });

  it('says so when there are none', async () => {
    api.override = () => ({ status: 200, body: { items: [], nextCursor: null } });
    expect((await cli(['report', 'list'])).stdout).toBe('No reports.\n');
  });

  it('exits 2 on an unknown status or a bad --limit, sending nothing', async () => {
    const status = await cli(['report', 'list', '--status', 'received,bogus']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('unknown bogus');
    expect((await cli(['report', 'list', '--limit', '0'])).code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });
});
