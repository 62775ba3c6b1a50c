import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Inventory } from '@clearinghouse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifToReportDrafts } from '../../src/formats/sarif.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor, type TestUser } from '../support/factories.js';
import { publishers, releasedAdvisory } from '../support/publication.js';
import { runTs } from '../support/run-bin.js';

/** A CycloneDX 1.6 SBOM as an operator's tooling writes it. */
function sbom(components: { name: string; version: string }[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: components.map((c) => ({
      type: 'library',
      name: c.name,
      version: c.version,
      purl: `pkg:npm/${c.name}@${c.version}`,
    })),
  });
}

interface ScanJson {
  results: {
    priority: { tier: string };
    vulnerability: { key: string };
    component: { name: string; version: string };
    fixedVersion: string | null;
    sources: { trackingId: string; tlp: string }[];
  }[];
  summary: { components: number; findings: number; knownExploited: number };
  source: { mode: string };
}

/**
 * The operator commands of the `clearinghouse` CLI (scan, feed pull, inventory), run as a user would,
 * against the real server on loopback with advisories released through the real pipeline.
 */
describe.each(DIALECTS)('CLI scan, feed and inventory against the server on %s', (dialect) => {
  let h: Harness;
  let server: string;
  let dir: string;
  let operator: TestUser;
  let operatorToken: string;
  let sbomFile: string;
  let exploitedRef: string;
  let greenRef: string;

  /** As the operator once logged in (config.json), or anonymous with `anonymous: true`. */
  const cli = (args: string[], opts: { anonymous?: boolean; input?: string } = {}) =>
    runTs('packages/cli/src/bin.ts', ['--server', server, ...args], {
      input: opts.input,
      env: {
        CLEARINGHOUSE_CONFIG: path.join(dir, opts.anonymous === true ? 'nobody.json' : 'config.json'),
        CLEARINGHOUSE_TOKEN: '',
        XDG_CACHE_HOME: path.join(dir, 'cache'),
      },
    });
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  beforeAll(async () => {
    h = await startHarness(dialect, { env: { CH_PUBLIC_URL: 'https://clearinghouse.test' } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    server = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-cli-scan-'));

    const p = await publishers(h);
    // Known exploited (SSVC exploitation active), public.
    exploitedRef = (
      await releasedAdvisory(h, p, {
        product: 'acme-merge',
        purl: 'pkg:npm/acme-merge',
        affected: 'vers:npm/<2.4.1',
        fixed: '2.4.1',
        cve: 'CVE-2026-43001',
        exploitation: 'active',
      })
    ).ref;
    // TLP:GREEN: members of organizations read it, anonymous callers do not.
    greenRef = (
      await releasedAdvisory(h, p, {
        product: 'acme-parse',
        purl: 'pkg:npm/acme-parse',
        affected: 'vers:npm/<1.5.0',
        fixed: '1.5.0',
        cve: 'CVE-2026-43002',
        tlp: 'GREEN',
      })
    ).ref;

    const hospital = await buildOrg(h, { name: 'Riverside Hospital', kind: 'operator' });
    operator = await buildUser(h, { email: 'it@riverside.test', orgId: hospital.id, orgRole: 'admin' });
    operatorToken = await tokenFor(h, operator, 'write');
    const created = await api(h, 'POST', '/api/v1/inventories', operatorToken, { name: 'Main campus' });
    expect(created.statusCode, created.body).toBe(201);

    sbomFile = write(
      'portal.cdx.json',
      sbom([
        { name: 'acme-merge', version: '2.0.0' },
        { name: 'acme-parse', version: '1.2.0' },
        { name: 'safe-lib', version: '1.0.0' },
      ]),
    );
    const login = await cli(['login', '--email', operator.email, '--password-stdin'], {
      input: `${operator.password}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scan finds the released advisory in a CycloneDX file (exit 1); anonymous sees TLP:CLEAR only', async () => {
    const anonymous = await cli(['scan', sbomFile], { anonymous: true });
    expect(anonymous.stderr).toBe(
      `warning: not logged in to ${server}: matched against TLP:CLEAR advisories only\n`,
    );
    expect(anonymous.code).toBe(1);
    expect(anonymous.stdout).toMatch(
      new RegExp(
        `^exploited +CVE-2026-43001 +\\S+ +pkg:npm/acme-merge@2\\.0\\.0 +2\\.4\\.1 +${exploitedRef}$`,
        'm',
      ),
    );
    expect(anonymous.stdout).not.toContain('CVE-2026-43002');
    expect(anonymous.stdout).toContain('1 vulnerability in 1 of 3 components (1 known exploited).');

    const signedIn = await cli(['scan', sbomFile, '--json']);
    expect(signedIn.stderr).toBe('');
    expect(signedIn.code).toBe(1);
    const report = JSON.parse(signedIn.stdout) as ScanJson;
    expect(
      report.results.map((r) => [r.priority.tier, r.vulnerability.key, r.component.name, r.fixedVersion]),
    ).toEqual([
      ['exploited', 'CVE-2026-43001', 'acme-merge', '2.4.1'],
      [expect.any(String), 'CVE-2026-43002', 'acme-parse', '1.5.0'],
    ]);
    expect(report.results[1]?.sources).toMatchObject([{ trackingId: greenRef, tlp: 'GREEN' }]);
    expect(report.summary).toMatchObject({ components: 3, findings: 2, knownExploited: 1 });
  }, 60_000);

  it('scan exits 0 for a clean file and 2 for a file with problems, printing each', async () => {
    const clean = await cli([
      'scan',
      write('clean.cdx.json', sbom([{ name: 'acme-merge', version: '2.4.1' }])),
    ]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('No known vulnerabilities in 1 component.\n');

    const csv = write('assets.csv', 'vendor,product,version,purl\nAcme,Pump,1.0,not-a-purl\n');
    const bad = await cli(['scan', csv]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      new RegExp(`^error: ${csv} cannot be scanned, 1 problem:\\n  ${csv} line 2, column purl: `),
    );
  }, 60_000);

  it('feed pull, then scan --offline, finds what the online scan finds', async () => {
    const pulled = await cli(['feed', 'pull']);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    const feed = path.join(dir, 'cache', 'clearinghouse', 'feed.json');
    expect(pulled.stdout).toContain(`to ${feed}`);
    expect(pulled.stdout).toMatch(/^Labels: +TLP:CLEAR \(1 source\), TLP:GREEN \(1 source\)$/m);
    expect(fs.statSync(feed).mode & 0o777).toBe(0o600);

    const online = JSON.parse((await cli(['scan', sbomFile, '--json'])).stdout) as ScanJson;
    const offline = await cli(['scan', sbomFile, '--offline', '--json']);
    expect(offline.code).toBe(1);
    const report = JSON.parse(offline.stdout) as ScanJson;
    expect(report.source.mode).toBe('offline');
    expect(report.results).toEqual(online.results);

    // Anonymous, the feed holds TLP:CLEAR only.
    const publicFeed = path.join(dir, 'public-feed.json');
    const anonymous = await cli(['feed', 'pull', '--output', publicFeed], { anonymous: true });
    expect(anonymous.code).toBe(0);
    expect(anonymous.stdout).toMatch(/^Labels: +TLP:CLEAR \(1 source\)$/m);
    expect(fs.readFileSync(publicFeed, 'utf8')).not.toContain('CVE-2026-43002');
  }, 90_000);

  it('scan --format sarif writes a log the server reads back as SARIF 2.1.0', async () => {
    const output = path.join(dir, 'scan.sarif');
    const res = await cli(['scan', sbomFile, '--format', 'sarif', '--output', output]);
    expect(res.code).toBe(1);
    const parsed = sarifToReportDrafts(JSON.parse(fs.readFileSync(output, 'utf8')));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.resultCount).toBe(2);
    expect(parsed.drafts.map((d) => [d.ruleId, d.severity, d.provenance.toolName])).toEqual([
      ['CVE-2026-43001', 'error', 'clearinghouse'],
      ['CVE-2026-43002', expect.any(String), 'clearinghouse'],
    ]);
    expect(parsed.drafts[0]?.securitySeverity).toBe(9.8);
  }, 60_000);

  it('inventory upload prints the change report and the new exposures; a bad file exits 2 with every problem', async () => {
    const uploaded = await cli(['inventory', 'upload', 'Main campus', sbomFile]);
    expect(uploaded.stderr).toBe('');
    expect(uploaded.code).toBe(0);
    expect(uploaded.stdout).toMatch(
      /^Uploaded portal\.cdx\.json \(CycloneDX 1\.6\) to Main campus: 3 components\.$/m,
    );
    expect(uploaded.stdout).toMatch(/^ {2}3 added, 0 removed, 0 changed, 0 unchanged$/m);
    expect(uploaded.stdout).toMatch(/^ {2}\+ pkg:npm\/acme-merge@2\.0\.0$/m);
    expect(uploaded.stdout).toMatch(/^2 new exposures /m);

    const list = await cli(['inventory', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ivt_\w+ +Main campus +Riverside Hospital +3 +2 +.* portal\.cdx\.json$/m);
    const inventories = JSON.parse((await cli(['inventory', 'list', '--json'])).stdout) as Inventory[];
    expect(inventories.map((i) => [i.name, i.componentCount])).toEqual([['Main campus', 3]]);

    const csv = write(
      'assets.csv',
      'vendor,product,version,purl\nAcme,Infusion Pump,4.1.9,not-a-purl\nAcme,,1.0,\n',
    );
    const refused = await cli(['inventory', 'upload', inventories[0]?.id ?? '', csv]);
    expect(refused.code).toBe(2);
    const lines = refused.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: the server refused ${csv} (2 problems; nothing was imported):`);
    expect(lines[1]).toMatch(new RegExp(`^  ${csv} line 2, column purl: `));
    expect(lines[2]).toMatch(new RegExp(`^  ${csv} line 3`));
    expect(lines).toHaveLength(3);
  }, 90_000);
});
