import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory, InventoryUploadReport } from '@clearinghouse/shared';
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
} from './fake-api.js';
import { runCli, type Result } from './run-cli.js';

let dir: string;
let configPath: string;
let api: FakeApi;
let uploadReply: (request: RecordedRequest) => { status: number; body: unknown };

function inventory(n: number, overrides: Partial<Inventory> = {}): Inventory {
  return {
    id: `ivt_01JCLITEST0000000000000000${n}`,
    org: { id: 'org_01JCLITEST00000000000000001', name: 'Riverside Hospital' },
    name: `Inventory ${n}`,
    description: '',
    componentCount: 0,
    openExposures: 0,
    lastUpload: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

const INVENTORIES = [
  inventory(1, {
    name: 'Main campus',
    componentCount: 57,
    openExposures: 3,
    lastUpload: {
      id: 'ivu_1',
      filename: 'sbom.cdx.json',
      format: 'cyclonedx',
      at: '2026-11-20T10:15:00.000Z',
    },
  }),
  inventory(2, { name: 'Clinic' }),
  inventory(3, { name: 'clinic' }),
];

function report(overrides: Partial<InventoryUploadReport> = {}): InventoryUploadReport {
  const change = (name: string, before: string | null, after: string | null) => ({
    name,
    vendor: null,
    purl: `pkg:npm/${name}@${after ?? before ?? ''}`,
    cpe: null,
    before,
    after,
  });
  return {
    id: 'ivu_2',
    inventoryId: INVENTORIES[0]?.id ?? '',
    filename: 'sbom.cdx.json',
    format: 'cyclonedx',
    specVersion: '1.6',
    counts: { components: 58, added: 7, removed: 1, changed: 1, unchanged: 49 },
    added: Array.from({ length: 7 }, (_, i) => change(`new-lib-${i}`, null, '1.0.0')),
    removed: [change('old-lib', '0.9.0', null)],
    changed: [change('acme-merge', '2.0.0', '2.3.9')],
    problems: [{ location: '/components/12/purl', message: 'The purl has no version.', severity: 'warning' }],
    exposuresFound: 2,
    uploadedBy: { id: 'usr_1', name: EMAIL },
    createdAt: '2026-11-28T09:00:00.000Z',
    ...overrides,
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clearinghouse-cli-inventory-'));
  configPath = join(dir, 'config.json');
  api = await startFakeApi();
  uploadReply = () => ({ status: 201, body: report() });
  api.override = (request) => {
    const bearer = request.headers.authorization === `Bearer ${SECRET}`;
    if (request.path === '/api/v1/inventories') {
      if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
      return { status: 200, body: { items: INVENTORIES } };
    }
    if (/^\/api\/v1\/inventories\/[^/]+\/uploads$/.test(request.path) && request.method === 'POST') {
      if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
      return uploadReply(request);
    }
    return undefined;
  };
  await writeConfigFile(configPath, { server: api.url, token: SECRET, tokenId: TOKEN.id, email: EMAIL });
});

afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], options: { stderrIsTTY?: boolean } = {}): Promise<Result> {
  return runCli(['--server', api.url, ...args], { home: dir, configPath, ...options });
}

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('inventory list', () => {
  it('lists the inventories in a table, or as JSON', async () => {
    const result = await cli(['inventory', 'list']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +ORGANIZATION +COMPONENTS +OPEN EXPOSURES +LAST UPLOAD$/);
    expect(lines[1]).toMatch(
      /^ivt_\w+ +Main campus +Riverside Hospital +57 +3 +2026-11-20 10:15 UTC sbom\.cdx\.json$/,
    );
    expect(lines).toHaveLength(4);
    const json = JSON.parse((await cli(['inventory', 'list', '--json'])).stdout) as Inventory[];
    expect(json.map((i) => i.name)).toEqual(['Main campus', 'Clinic', 'clinic']);
  });

  it('passes --org, and needs a login', async () => {
    await cli(['inventory', 'list', '--org', 'org_other']);
    expect(api.requests[0]?.query.get('orgId')).toBe('org_other');
    const anonymous = await runCli(['--server', api.url, 'inventory', 'list'], {
      home: dir,
      configPath: join(dir, 'nobody.json'),
    });
    expect(anonymous.code).toBe(3);
  });
});

describe('inventory upload', () => {
  it('finds the inventory by name, uploads the file as it is, and prints the change report', async () => {
    const sbom = await file('sbom.cdx.json', '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}');
    const result = await cli(['inventory', 'upload', 'main CAMPUS', sbom]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const upload = api.requests.find((r) => r.method === 'POST');
    expect(upload?.path).toBe(`/api/v1/inventories/${INVENTORIES[0]?.id}/uploads`);
    expect(upload?.query.get('filename')).toBe('sbom.cdx.json');
    expect(upload?.headers['content-type']).toBe('application/json');
    expect(upload?.body).toBe('{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}');
    expect(result.stdout).toBe(
      [
        'Uploaded sbom.cdx.json (CycloneDX 1.6) to Main campus: 58 components.',
        '  7 added, 1 removed, 1 changed, 49 unchanged',
        'Added:',
        '  + pkg:npm/new-lib-0@1.0.0',
        '  + pkg:npm/new-lib-1@1.0.0',
        '  + pkg:npm/new-lib-2@1.0.0',
        '  + pkg:npm/new-lib-3@1.0.0',
        '  + pkg:npm/new-lib-4@1.0.0',
        '  … 2 more',
        'Removed:',
        '  - pkg:npm/old-lib@0.9.0',
        'Changed:',
        '  ~ pkg:npm/acme-merge 2.0.0 → 2.3.9',
        'Warnings (1):',
        '  /components/12/purl: The purl has no version.',
        '2 new exposures — see them in the web app under Exposures.',
        '',
      ].join('\n'),
    );
  });

  it('takes an id as it is, and prints the report as JSON with --json', async () => {
    const csv = await file('devices.csv', 'vendor,product,version\nAcme,Pump,4.0\n');
    uploadReply = () => ({
      status: 201,
      body: report({
        inventoryId: 'ivt_01JCLITEST00000000000000009',
        format: 'csv',
        specVersion: null,
        exposuresFound: 0,
      }),
    });
    const result = await cli(['inventory', 'upload', 'ivt_01JCLITEST00000000000000009', csv, '--json']);
    expect(result.code).toBe(0);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/inventories/ivt_01JCLITEST00000000000000009/uploads',
    ]);
    expect(api.requests[0]?.headers['content-type']).toBe('text/csv');
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'csv', exposuresFound: 0 });
    const human = await cli(['inventory', 'upload', 'ivt_01JCLITEST00000000000000009', csv]);
    expect(human.stdout).toMatch(/^Uploaded sbom\.cdx\.json \(CSV\) to ivt_01JCLITEST00000000000000009: /);
    expect(human.stdout).toMatch(/^No new exposures\.$/m);
  });

  it('prints every problem of a refused file and exits 2', async () => {
    const csv = await file('devices.csv', 'vendor,product,version,purl\nAcme,,1.0,\nAcme,Pump,2.0,nope\n');
    uploadReply = () =>
      apiError(422, 'validation_failed', 'The file has 2 problems; nothing was imported.', [
        {
          path: 'line 2, column product',
          message: 'A product name or a purl is required.',
          code: 'inventory_problem',
        },
        { path: 'line 3, column purl', message: 'Not a valid purl.', code: 'inventory_problem' },
      ]) as { status: number; body: unknown };
    const result = await cli(['inventory', 'upload', 'Main campus', csv]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        `error: the server refused ${csv} (2 problems; nothing was imported):`,
        `  ${csv} line 2, column product: A product name or a purl is required.`,
        `  ${csv} line 3, column purl: Not a valid purl.`,
        '',
      ].join('\n'),
    );
    const json = await cli(['inventory', 'upload', 'Main campus', csv, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: {
        code: 'validation_failed',
        details: [{ path: 'line 2, column product' }, { path: 'line 3, column purl' }],
      },
    });
  });

  it('refuses an unknown name (5) and an ambiguous one (2) before uploading anything', async () => {
    const csv = await file('devices.csv', 'product\nPump\n');
    const unknown = await cli(['inventory', 'upload', 'Nowhere', csv]);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain("no inventory named 'Nowhere'");
    const ambiguous = await cli(['inventory', 'upload', 'Clinic', csv]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('2 inventories are named');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('draws the upload progress on a terminal for a large file', async () => {
    const big = await file('big.csv', `product,version\n${'x'.repeat(1_500_000)},1\n`);
    const result = await cli(['inventory', 'upload', 'Main campus', big], { stderrIsTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Uploading ${big} [`);
    expect(result.stderr).toContain('100%  1.5/1.5 MB');
  });
});
