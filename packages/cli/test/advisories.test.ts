import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Advisory, AdvisorySummary, ImportReport, ImportedSummary } from '@clearinghouse/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../src/config-file.js';
import {
  apiError,
  EMAIL,
  SECRET,
  startFakeApi,
  TOKEN,
  type FakeApi,
  type RecordedRequest,
  type Reply,
} from './fake-api.js';
import { runCli, type Result } from './run-cli.js';

let dir: string;
let configPath: string;
let api: FakeApi;

// ---- what the imitation API answers -------------------------------------------------------

function advisorySummary(n: number, overrides: Partial<AdvisorySummary> = {}): AdvisorySummary {
  return {
    id: `adv_01JCLITEST0000000000000000${n}`,
    ref: `CHSA-2026-000${n}`,
    title: `Advisory number ${n}`,
    tlp: 'CLEAR',
    status: 'released',
    caseId: null,
    caseRef: null,
    cves: [`CVE-2026-100${n}`],
    releaseAt: null,
    releasedAt: `2026-01-0${n}T09:30:00.000Z`,
    updatedAt: `2026-01-0${n}T09:30:00.000Z`,
    source: 'local',
    ...overrides,
  };
}

const ADVISORY_LIST: AdvisorySummary[] = [
  advisorySummary(3, {
    title: 'Prompt injection in the Acme assistant lets a web page exfiltrate the whole conversation history',
    cves: ['CVE-2026-1003', 'CVE-2026-1004', 'CVE-2026-1005'],
  }),
  advisorySummary(2, { tlp: 'AMBER', status: 'approved', releasedAt: null, cves: [] }),
  advisorySummary(1),
];

function advisory(overrides: Partial<Advisory> = {}): Advisory {
  return {
    ...advisorySummary(1, {
      title: 'Acme Portal: SQL injection in the login form',
      caseId: 'case_01JCLITEST00000000000000001',
      caseRef: 'CH-2026-0001',
      cves: ['CVE-2026-1001'],
    }),
    revision: 2,
    publishedRevision: 2,
    content: {
      title: 'Acme Portal: SQL injection in the login form',
      profile: 'csaf_security_advisory',
      tlp: 'CLEAR',
      summary: 'The login form of Acme Portal builds a SQL query from the user name.',
      details: '',
      products: [
        {
          key: 'portal-4',
          vendor: 'Acme',
          product: 'Portal',
          version: null,
          range: 'vers:generic/>=4.0.0|<4.2.1',
          purl: null,
          cpe: null,
          modelNumbers: [],
        },
        {
          key: 'portal-421',
          vendor: 'Acme',
          product: 'Portal',
          version: '4.2.1',
          range: null,
          purl: null,
          cpe: null,
          modelNumbers: [],
        },
        {
          key: 'agent-1',
          vendor: 'Acme',
          product: 'Agent',
          version: '1.0',
          range: null,
          purl: null,
          cpe: null,
          modelNumbers: [],
        },
      ],
      vulnerabilities: [
        {
          caseVulnerabilityId: null,
          cveId: 'CVE-2026-1001',
          title: 'SQL injection in the login form',
          notes: '',
          cwe: 'CWE-89',
          cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          cvss40: null,
          ssvc: {
            exploitation: 'public_poc',
            automatable: 'yes',
            technicalImpact: 'total',
            missionWellbeing: 'high',
            decision: 'act',
            vector: 'SSVCv2/E:P/A:Y/T:T/M:H/D:C/',
          },
          exploited: true,
          exploitedSince: '2026-01-02',
          statuses: [
            { productKey: 'portal-4', status: 'affected', justification: null, statement: '' },
            { productKey: 'portal-421', status: 'fixed', justification: null, statement: '' },
            {
              productKey: 'agent-1',
              status: 'not_affected',
              justification: 'component_not_present',
              statement: '',
            },
          ],
          remediations: [
            {
              category: 'vendor_fix',
              details: 'Upgrade to 4.2.1.',
              url: 'https://acme.example/portal/4.2.1',
              productKeys: ['portal-4'],
            },
          ],
          references: [],
        },
      ],
      references: [],
      acknowledgments: [],
    },
    revisions: [],
    approvedBy: { id: 'usr_1', name: 'Carol Coordinator' },
    approvedAt: '2026-01-01T09:00:00.000Z',
    earlyRelease: null,
    documents: {
      csaf: 'https://clearinghouse.example/.well-known/csaf/white/2026/chsa-2026-0001.json',
      osv: [{ id: 'CHSA-2026-0001', url: 'https://clearinghouse.example/osv/CHSA-2026-0001.json' }],
    },
    canEdit: false,
    embargoEndsAt: null,
    ...overrides,
  };
}

/** The released document as served: its spacing and key order are the publisher's, not JSON.stringify's. */
const CSAF_TEXT =
  '{\n    "document" : {"category": "csaf_security_advisory", "title": "Acme Portal \\u00e9"},\n' +
  '  "vulnerabilities": [ {"cve": "CVE-2026-1001"} ]  }\n';

const OSV_RECORDS = [{ id: 'CHSA-2026-0001', aliases: ['CVE-2026-1001'], affected: [] }];
const CVE_RECORDS = [{ dataType: 'CVE_RECORD', dataVersion: '5.1', cveMetadata: { cveId: 'CVE-2026-1001' } }];

function imported(trackingId: string, overrides: Partial<ImportedSummary> = {}): ImportedSummary {
  return {
    id: `imp_${trackingId}`,
    format: 'csaf',
    trackingId,
    title: `Imported ${trackingId}`,
    publisher: 'Example PSIRT',
    tlp: 'WHITE',
    cves: [],
    sourceUrl: null,
    valid: true,
    integrity: { sha256: 'verified', sha512: 'absent', signature: 'verified', signer: 'ABCD1234EF' },
    currentReleaseDate: '2026-01-01T00:00:00.000Z',
    importedAt: '2026-02-01T00:00:00.000Z',
    ...overrides,
  };
}

const IMPORT_OK: ImportReport = {
  documents: [
    {
      source: 'https://psirt.example/csaf/2026/ex-2026-001.json',
      outcome: 'inserted',
      document: imported('EX-2026-001'),
      problems: [],
    },
    {
      source: 'https://psirt.example/csaf/2026/ex-2026-002.json',
      outcome: 'updated',
      document: imported('EX-2026-002', {
        valid: false,
        integrity: { sha256: 'mismatch', sha512: 'absent', signature: 'unknown_key', signer: null },
      }),
      problems: [{ test: '6.1.1', path: '/product_tree', message: 'Missing definition of product ID' }],
    },
  ],
  counts: { inserted: 1, updated: 1, unchanged: 0, rejected: 0, invalid: 1 },
};

const IMPORT_WITH_REJECTED: ImportReport = {
  documents: [
    ...IMPORT_OK.documents,
    {
      source: 'bundle.zip:broken.json',
      outcome: 'rejected',
      document: null,
      problems: [{ test: 'content', path: '', message: 'Not a CSAF or OSV document.' }],
    },
  ],
  counts: { ...IMPORT_OK.counts, rejected: 1 },
};

/** The advisory and import routes, on top of the fake API's own (an advisory is public; imports need the token). */
function advisoryRoutes(request: RecordedRequest): Reply | undefined {
  const bearer = request.headers.authorization === `Bearer ${SECRET}`;
  if (request.method === 'GET' && request.path === '/api/v1/advisories') {
    const start = Number(request.query.get('cursor') ?? '0');
    const end = start + Number(request.query.get('limit') ?? '50');
    return {
      status: 200,
      body: {
        items: ADVISORY_LIST.slice(start, end),
        nextCursor: end < ADVISORY_LIST.length ? String(end) : null,
      },
    };
  }
  const one = /^\/api\/v1\/advisories\/([^/]+)(\/(csaf|osv|cve))?$/.exec(request.path);
  if (request.method === 'GET' && one !== null) {
    const wanted = decodeURIComponent(one[1] ?? '');
    const found = advisory();
    if (wanted !== found.id && wanted !== found.ref) {
      return apiError(404, 'not_found', `Advisory ${wanted} not found.`);
    }
    switch (one[3]) {
      case undefined:
        return { status: 200, body: found };
      case 'csaf':
        return { status: 200, raw: CSAF_TEXT };
      case 'osv':
        return { status: 200, body: OSV_RECORDS };
      default:
        return { status: 200, body: CVE_RECORDS };
    }
  }
  if (request.method === 'POST' && request.path.startsWith('/api/v1/imports')) {
    if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
    return { status: 200, body: IMPORT_OK };
  }
  return undefined;
}

// ---- running the CLI ----------------------------------------------------------------------

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clearinghouse-cli-advisories-'));
  configPath = join(dir, 'config', 'clearinghouse', 'config.json');
  api = await startFakeApi();
  api.override = advisoryRoutes;
});

afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], options: { stderrIsTTY?: boolean } = {}): Promise<Result> {
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

/** Answers `reply` to requests matching `when`, the usual routes to the rest. */
function answer(when: (request: RecordedRequest) => boolean, reply: Reply): void {
  api.override = (request) => (when(request) ? reply : advisoryRoutes(request));
}

const calls = (): string[] => api.requests.map((r) => `${r.method} ${r.path}`);

async function unreachableServer(): Promise<string> {
  const gone = await startFakeApi();
  await gone.close();
  return gone.url;
}

// ---- advisories list ----------------------------------------------------------------------

describe('advisories list', () => {
  it('prints a table (ref, TLP, status, CVEs, released date, title) without a login, sending no token', async () => {
    const result = await cli(['advisories', 'list']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['GET /api/v1/advisories']);
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REF +TLP +STATUS +CVES +RELEASED +TITLE$/);
    expect(lines[1]).toMatch(
      /^CHSA-2026-0003 +CLEAR +released +CVE-2026-1003,CVE-2026-1004 \+1 +2026-01-03 +Prompt injection .{30,}…$/,
    );
    expect(lines[2]).toMatch(/^CHSA-2026-0002 +AMBER +approved +- +- +Advisory number 2$/);
    expect(lines[3]).toMatch(
      /^CHSA-2026-0001 +CLEAR +released +CVE-2026-1001 +2026-01-01 +Advisory number 1$/,
    );
    expect(lines).toHaveLength(4);
  });

  it('sends the saved token when logged in to this server', async () => {
    await logIn();
    expect((await cli(['advisories', 'list'])).code).toBe(0);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('passes --status, --cve and --query to the server', async () => {
    await cli(['advisories', 'list', '--status', 'released', '--cve', 'CVE-2026-1001', '--query', ' pump ']);
    const query = api.requests[0]?.query;
    expect(query?.get('status')).toBe('released');
    expect(query?.get('cve')).toBe('CVE-2026-1001');
    expect(query?.get('q')).toBe('pump');
  });

  it('follows nextCursor page by page', async () => {
    api.override = (request) => {
      if (request.path !== '/api/v1/advisories') return advisoryRoutes(request);
      const start = Number(request.query.get('cursor') ?? '0');
      return {
        status: 200,
        body: {
          items: ADVISORY_LIST.slice(start, start + 1),
          nextCursor: start < 2 ? String(start + 1) : null,
        },
      };
    };
    const result = await cli(['advisories', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(ADVISORY_LIST);
    expect(api.requests.map((r) => r.query.get('cursor'))).toEqual([null, '1', '2']);
    expect(result.stderr).toBe('');
  });

  it('stops at --limit and says there are more; --json gives the summaries', async () => {
    const result = await cli(['advisories', 'list', '--limit', '2', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(ADVISORY_LIST.slice(0, 2));
    expect(JSON.parse(result.stderr)).toEqual({
      warning: { message: 'showing the first 2 advisories; there are more (raise --limit)' },
    });
    expect(api.requests[0]?.query.get('limit')).toBe('3');
  });

  it('prints an empty-state line, which says what a login would add', async () => {
    answer((r) => r.path === '/api/v1/advisories', { status: 200, body: { items: [], nextCursor: null } });
    expect((await cli(['advisories', 'list'])).stdout).toBe(
      'No advisories. (Without a login only released TLP:CLEAR advisories are listed.)\n',
    );
    await logIn();
    expect((await cli(['advisories', 'list'])).stdout).toBe('No advisories.\n');
    expect((await cli(['advisories', 'list', '--json'])).stdout).toBe('[]\n');
  });

  it('exits 2 on a bad --status, --limit or an empty --query, sending nothing', async () => {
    const status = await cli(['advisories', 'list', '--status', 'published']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain("argument 'published' is invalid");
    expect((await cli(['advisories', 'list', '--limit', '0'])).code).toBe(2);
    expect((await cli(['advisories', 'list', '--limit', 'ten'])).code).toBe(2);
    expect((await cli(['advisories', 'list', '--query', '  '])).code).toBe(2);
    expect((await cli(['advisories', 'list', '--cve', 'x'.repeat(41)])).code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });

  it('exits 4 when the server is unreachable, and 4 on an answer that is not a page', async () => {
    const url = await unreachableServer();
    const down = await runCli(['--server', url, 'advisories', 'list'], { home: dir, configPath });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/^error: cannot reach .*ECONNREFUSED/);

    answer((r) => r.path === '/api/v1/advisories', { status: 200, body: { advisories: [] } });
    const odd = await cli(['advisories', 'list']);
    expect(odd.code).toBe(4);
    expect(odd.stderr).toContain('unexpected answer to GET /api/v1/advisories');
  });

  it('exits 3 with a refused token, not falling back to reading anonymously', async () => {
    await logIn();
    answer((r) => r.path === '/api/v1/advisories', apiError(401, 'unauthenticated', 'Token revoked.'));
    const result = await cli(['advisories', 'list']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('server said 401 unauthenticated');
  });
});

// ---- advisories get -----------------------------------------------------------------------

describe('advisories get', () => {
  it('shows the summary: TLP, status, CVEs, vulnerabilities with CVSS/SSVC, product statuses, remediations, documents', async () => {
    const result = await cli(['advisories', 'get', 'CHSA-2026-0001']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['GET /api/v1/advisories/CHSA-2026-0001']);
    const out = result.stdout;
    expect(out).toMatch(/^Reference: +CHSA-2026-0001$/m);
    expect(out).toMatch(/^Title: +Acme Portal: SQL injection in the login form$/m);
    expect(out).toMatch(/^TLP: +CLEAR$/m);
    expect(out).toMatch(/^Status: +released$/m);
    expect(out).toMatch(/^CVEs: +CVE-2026-1001$/m);
    expect(out).toMatch(/^Case: +CH-2026-0001$/m);
    expect(out).toMatch(/^Released: +2026-01-01 09:30 UTC \(revision 2 published\)$/m);
    expect(out).toContain(
      'Summary:\n  The login form of Acme Portal builds a SQL query from the user name.\n',
    );
    expect(out).toMatch(/^ {2}portal-421 +Acme +Portal +4\.2\.1$/m);
    expect(out).toContain('Vulnerabilities (1):\n  CVE-2026-1001  SQL injection in the login form\n');
    expect(out).toMatch(/^ {4}CWE: +CWE-89$/m);
    expect(out).toMatch(/^ {4}CVSS 3\.1: +CVSS:3\.1\/AV:N\/AC:L\/PR:N\/UI:N\/S:U\/C:H\/I:H\/A:H$/m);
    expect(out).not.toContain('CVSS 4.0');
    expect(out).toMatch(/^ {4}SSVC: +Act \(SSVCv2\/E:P\/A:Y\/T:T\/M:H\/D:C\/\)$/m);
    expect(out).toMatch(/^ {4}Exploited: +yes, since 2026-01-02$/m);
    expect(out).toMatch(/^ {6}affected +Acme Portal vers:generic\/>=4\.0\.0\|<4\.2\.1$/m);
    expect(out).toMatch(/^ {6}fixed +Acme Portal 4\.2\.1$/m);
    expect(out).toMatch(/^ {6}not_affected +Acme Agent 1\.0 \(component_not_present\)$/m);
    expect(out).toContain(
      '    Remediations:\n      vendor_fix: Upgrade to 4.2.1. https://acme.example/portal/4.2.1\n' +
        '        for Acme Portal vers:generic/>=4.0.0|<4.2.1\n',
    );
    expect(out).toContain(
      'Documents:\n  CSAF  https://clearinghouse.example/.well-known/csaf/white/2026/chsa-2026-0001.json\n' +
        '  OSV   CHSA-2026-0001  https://clearinghouse.example/osv/CHSA-2026-0001.json\n',
    );
  });

  it('says when an approved advisory will be released, and that nothing is published yet', async () => {
    answer((r) => r.path.startsWith('/api/v1/advisories/'), {
      status: 200,
      body: advisory({
        status: 'approved',
        releasedAt: null,
        publishedRevision: null,
        releaseAt: '2026-03-01T12:00:00.000Z',
        documents: { csaf: null, osv: [] },
      }),
    });
    const result = await cli(['advisories', 'get', 'CHSA-2026-0001']);
    expect(result.stdout).toMatch(/^Released: +not yet; scheduled for 2026-03-01 12:00 UTC$/m);
    expect(result.stdout).toContain('Documents: none released');
  });

  it('prints the Advisory with --json, by id', async () => {
    const result = await cli(['advisories', 'get', advisory().id, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(advisory());
  });

  it('exits 5 when the advisory is not found', async () => {
    const result = await cli(['advisories', 'get', 'CHSA-1999-9999']);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      'error: server said 404 not_found: Advisory CHSA-1999-9999 not found. (request req_test0001)\n',
    );
    expect(result.stdout).toBe('');
  });

  it('exits 2 without an id or with one that cannot be, sending nothing', async () => {
    expect((await cli(['advisories', 'get'])).code).toBe(2);
    expect((await cli(['advisories', 'get', 'CHSA 2026'])).code).toBe(2);
    expect((await cli(['advisories', 'get', 'x'.repeat(65)])).code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });

  it('exits 4 when the server is unreachable', async () => {
    const url = await unreachableServer();
    const result = await runCli(['--server', url, 'advisories', 'get', 'CHSA-2026-0001', '--json'], {
      home: dir,
      configPath,
    });
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'network_error' } });
  });

  it('keeps control characters in the content off the terminal', async () => {
    const evil = advisory();
    evil.content.title = 'Evil\u001b[2J title';
    evil.content.summary = 'line one\nline\u001b[31m two';
    answer((r) => r.path.startsWith('/api/v1/advisories/'), { status: 200, body: evil });
    const result = await cli(['advisories', 'get', 'CHSA-2026-0001']);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).toContain('Evil?[2J title');
    expect(result.stdout).toContain('  line one\n  line?[31m two\n');
  });
});

// ---- advisories export --------------------------------------------------------------------

describe('advisories export', () => {
  const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

  it('writes the CSAF document to stdout byte for byte', async () => {
    const result = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['GET /api/v1/advisories/CHSA-2026-0001/csaf']);
    expect(result.stdout).toBe(CSAF_TEXT);
  });

  it('writes the CSAF document to a file with the published hash, and says so', async () => {
    const out = join(dir, 'chsa.json');
    const result = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf', '--output', out]);
    expect(result.code).toBe(0);
    const written = await readFile(out);
    expect(written.equals(Buffer.from(CSAF_TEXT, 'utf8'))).toBe(true);
    expect(sha256(written)).toBe(sha256(CSAF_TEXT));
    expect(result.stdout).toBe(
      `Wrote the CSAF 2.0 document of CHSA-2026-0001 to ${out} (${Buffer.byteLength(CSAF_TEXT)} bytes, sha256 ${sha256(CSAF_TEXT)}).\n`,
    );
  });

  it('describes the written file as JSON with --json', async () => {
    const out = join(dir, 'chsa.json');
    const result = await cli([
      'advisories',
      'export',
      'CHSA-2026-0001',
      '--format',
      'csaf',
      '--output',
      out,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      advisory: 'CHSA-2026-0001',
      format: 'csaf',
      path: out,
      bytes: Buffer.byteLength(CSAF_TEXT),
      records: null,
      sha256: sha256(CSAF_TEXT),
    });
  });

  it('sends the token when logged in (a restricted advisory needs it)', async () => {
    await logIn();
    await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf']);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it.each([
    ['osv', OSV_RECORDS],
    ['cve', CVE_RECORDS],
  ])('writes the %s records as a pretty JSON array', async (format, records) => {
    const result = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', format]);
    expect(result.code).toBe(0);
    expect(calls()).toEqual([`GET /api/v1/advisories/CHSA-2026-0001/${format}`]);
    expect(result.stdout).toBe(`${JSON.stringify(records, null, 2)}\n`);

    const out = join(dir, `${format}.json`);
    const toFile = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', format, '--output', out]);
    expect(toFile.stdout).toMatch(
      new RegExp(`^Wrote 1 ${format === 'osv' ? 'OSV' : 'CVE JSON 5\\.1'} record of CHSA-2026-0001`),
    );
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(records);
  });

  it('warns when there are no records, and still writes an empty array', async () => {
    answer((r) => r.path.endsWith('/osv'), { status: 200, body: [] });
    const result = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'osv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[]\n');
    expect(result.stderr).toMatch(/^warning: CHSA-2026-0001 has no OSV records/);
  });

  it('refuses to overwrite an existing file (exit 2, nothing fetched) unless --force', async () => {
    const out = await file('existing.json', 'keep me');
    const refused = await cli([
      'advisories',
      'export',
      'CHSA-2026-0001',
      '--format',
      'csaf',
      '--output',
      out,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: ${out} exists — add --force to overwrite it\n`);
    expect(api.requests).toHaveLength(0);
    expect(await readFile(out, 'utf8')).toBe('keep me');

    const forced = await cli([
      'advisories',
      'export',
      'CHSA-2026-0001',
      '--format',
      'csaf',
      '--output',
      out,
      '--force',
    ]);
    expect(forced.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(CSAF_TEXT);
  });

  it('exits 2 on a bad or missing --format, sending nothing', async () => {
    const bad = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'xml' is invalid. Allowed choices are csaf, osv, cve");
    const missing = await cli(['advisories', 'export', 'CHSA-2026-0001']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--format <format>' not specified");
    expect(api.requests).toHaveLength(0);
  });

  it('exits 2 when the output file cannot be written', async () => {
    const out = join(dir, 'no', 'such', 'dir.json');
    const result = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf', '--output', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: cannot write ${out}: no such directory\n`);
  });

  it('exits 5 on an unknown advisory and writes no file', async () => {
    const out = join(dir, 'missing.json');
    const result = await cli(['advisories', 'export', 'CHSA-1999-9999', '--format', 'csaf', '--output', out]);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      'error: server said 404 not_found: Advisory CHSA-1999-9999 not found. (request req_test0001)\n',
    );
    await expect(stat(out)).rejects.toThrow();
    const osv = await cli(['advisories', 'export', 'CHSA-1999-9999', '--format', 'osv', '--json']);
    expect(osv.code).toBe(5);
    expect(osv.stdout).toBe('');
    expect(JSON.parse(osv.stderr)).toMatchObject({ error: { code: 'not_found', status: 404 } });
  });

  it('exits 4 when the server is unreachable, and on a CSAF answer that is not JSON', async () => {
    const url = await unreachableServer();
    const down = await runCli(
      ['--server', url, 'advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf'],
      {
        home: dir,
        configPath,
      },
    );
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/^error: cannot reach .*ECONNREFUSED/);

    answer((r) => r.path.endsWith('/csaf'), { status: 200, raw: '<html>proxy login</html>' });
    const html = await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf']);
    expect(html.code).toBe(4);
    expect(html.stdout).toBe('');
    expect(html.stderr).toContain('not a JSON document');

    answer((r) => r.path.endsWith('/csaf'), { status: 502, raw: '<html>Bad gateway</html>' });
    expect((await cli(['advisories', 'export', 'CHSA-2026-0001', '--format', 'csaf'])).code).toBe(4);
  });
});

// ---- import -------------------------------------------------------------------------------

describe('import', () => {
  const URL_TO_IMPORT = 'https://psirt.example/.well-known/csaf/provider-metadata.json';

  it('sends a URL to POST /api/v1/imports with --limit and prints each document and the counts', async () => {
    await logIn();
    const result = await cli(['import', URL_TO_IMPORT, '--limit', '20']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['POST /api/v1/imports']);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({ url: URL_TO_IMPORT, limit: 20 });
    const out = result.stdout;
    expect(out).toContain(
      [
        'inserted   EX-2026-001  CSAF',
        '  title:      Imported EX-2026-001',
        '  source:     https://psirt.example/csaf/2026/ex-2026-001.json',
        '  publisher:  Example PSIRT',
        '  valid:      yes',
        '  integrity:  sha256 verified, sha512 absent, signature verified (key ABCD1234EF)',
      ].join('\n'),
    );
    expect(out).toContain('  valid:      no\n');
    expect(out).toContain('  integrity:  sha256 mismatch, sha512 absent, signature unknown key\n');
    expect(out).toContain(
      '  failing tests (1):\n    6.1.1 /product_tree: Missing definition of product ID\n',
    );
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      '2 documents: 1 inserted, 1 updated, 0 unchanged, 0 rejected; 1 stored but invalid.',
    );
  });

  it('leaves the limit to the server when --limit is not given', async () => {
    await logIn();
    await cli(['import', URL_TO_IMPORT]);
    expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({ url: URL_TO_IMPORT });
  });

  it('exits 5 when a document was rejected, after printing the report', async () => {
    await logIn();
    answer((r) => r.path === '/api/v1/imports', { status: 200, body: IMPORT_WITH_REJECTED });
    const result = await cli(['import', URL_TO_IMPORT]);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain('rejected   (unreadable)\n  source:     bundle.zip:broken.json\n');
    expect(result.stdout).toContain('  problems (1):\n    content: Not a CSAF or OSV document.\n');
    expect(result.stderr).toBe('error: 1 of 3 documents rejected\n');

    const json = await cli(['import', URL_TO_IMPORT, '--json']);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout)).toEqual(IMPORT_WITH_REJECTED);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'import_rejected', message: '1 of 3 documents rejected' },
    });
  });

  it('uploads a .json file raw, as application/json with its name', async () => {
    await logIn();
    const content = JSON.stringify({ document: { category: 'csaf_base' } });
    const path = await file('ex-2026-001.json', content);
    const result = await cli(['import', path, '--json']);
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['POST /api/v1/imports/upload']);
    const request = api.requests[0];
    expect(request?.query.get('filename')).toBe('ex-2026-001.json');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toBe(content);
    expect(JSON.parse(result.stdout)).toEqual(IMPORT_OK);
  });

  it('uploads a .zip file raw, as application/zip', async () => {
    await logIn();
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(60, 1)]);
    const path = await file('Bundle.ZIP', zip);
    expect((await cli(['import', path])).code).toBe(0);
    expect(api.requests[0]?.headers['content-type']).toBe('application/zip');
    expect(api.requests[0]?.headers['content-length']).toBe(String(zip.byteLength));
    expect(api.requests[0]?.query.get('filename')).toBe('Bundle.ZIP');
  });

  it('draws a progress line on a terminal while a large file uploads, and clears it', async () => {
    await logIn();
    const big = await file('big.json', JSON.stringify({ padding: 'x'.repeat(1_500_000) }));
    const result = await cli(['import', big], { stderrIsTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`\r\u001b[2KUploading ${big} [`);
    expect(result.stderr).toContain('100%  1.5/1.5 MB');
    expect(result.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect((await cli(['import', big])).stderr).toBe('');
  });

  it('prints a line when the source held no documents', async () => {
    await logIn();
    answer((r) => r.path === '/api/v1/imports', {
      status: 200,
      body: { documents: [], counts: { inserted: 0, updated: 0, unchanged: 0, rejected: 0, invalid: 0 } },
    });
    const result = await cli(['import', URL_TO_IMPORT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No documents found to import.\n');
  });

  it.each([
    [['notes.txt'], 'expected a .json or .zip file'],
    [['missing.json'], 'no such file'],
    [['https://psirt.example/x.json', '--limit', '0'], 'expected a whole number from 1 to 5000'],
    [['http://'], 'is not an http(s) URL'],
  ])('exits 2 for %j, sending nothing', async (args, message) => {
    await logIn();
    const result = await cli([
      'import',
      ...args.map((a) => (a.includes('.') && !a.includes(':') ? join(dir, a) : a)),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });

  it('exits 2 on a .json file that is not JSON, a .zip that is not a zip, or --limit with a file', async () => {
    await logIn();
    expect((await cli(['import', await file('bad.json', '{ nope')])).stderr).toContain('is not valid JSON');
    const zip = await cli(['import', await file('bad.zip', 'not a zip')]);
    expect(zip.code).toBe(2);
    expect(zip.stderr).toContain('is not a zip archive');
    const limit = await cli(['import', await file('ok.json', '{}'), '--limit', '5']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit applies to a URL import only');
    expect(api.requests).toHaveLength(0);
  });

  it('needs a login (exit 3, nothing sent)', async () => {
    const result = await cli(['import', URL_TO_IMPORT]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe("error: not logged in — run 'clearinghouse login'\n");
    expect(api.requests).toHaveLength(0);
  });

  it('exits 5 when the server refuses the upload, and 4 when it cannot be reached', async () => {
    await logIn();
    answer(
      (r) => r.path === '/api/v1/imports/upload',
      apiError(413, 'payload_too_large', 'The file is too large.'),
    );
    const refused = await cli(['import', await file('a.json', '{}')]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('server said 413 payload_too_large');

    const url = await unreachableServer();
    const down = await runCli(['--server', url, 'import', URL_TO_IMPORT], {
      home: dir,
      configPath,
      env: { CLEARINGHOUSE_TOKEN: SECRET },
    });
    expect(down.code).toBe(4);
  });
});
