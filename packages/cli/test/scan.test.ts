import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FEED_BUNDLE_FORMAT,
  type ExposureSource,
  type FeedBundle,
  type ScanRequest,
  type ScanResult,
  type VulnerabilitySummary,
} from '@clearinghouse/shared';
import { rulesFromOsv, rulesFromProducts, type OsvRecord } from '@clearinghouse/shared/matching';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../src/config-file.js';
import { EMAIL, SECRET, startFakeApi, TOKEN, type FakeApi } from './fake-api.js';
import { runCli, type Result } from './run-cli.js';

let dir: string;
let configPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clearinghouse-cli-scan-'));
  configPath = join(dir, 'config', 'clearinghouse', 'config.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], options: { stdin?: string; stderrIsTTY?: boolean } = {}): Promise<Result> {
  return runCli(args, { home: dir, configPath, ...options });
}

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

// ---- the advisories of the test feed --------------------------------------------------------

/** A hand-written OSV record, as an ecosystem database publishes one. */
const MERGE_OSV: OsvRecord = {
  schema_version: '1.6.0',
  id: 'GHSA-7x2q-4mrf-9c8v',
  aliases: ['CVE-2026-40001'],
  modified: '2026-10-01T00:00:00Z',
  summary: 'Prototype pollution in acme-merge',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'acme-merge', purl: 'pkg:npm/acme-merge' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.4.1' }] }],
    },
  ],
};

const PAD_OSV: OsvRecord = {
  schema_version: '1.6.0',
  id: 'CVE-2026-40002',
  modified: '2026-10-02T00:00:00Z',
  summary: 'Denial of service in left-pad-ng',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'left-pad-ng' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.3.0' }] }],
    },
  ],
};

/** A device advisory naming the product only: its rule matches on vendor and name (low confidence). */
const PUMP_RULES = rulesFromProducts(
  [
    {
      key: 'pump',
      name: 'Acme Medical Infusion Pump',
      vendor: 'Acme Medical',
      product: 'Infusion Pump',
      version: null,
      range: null,
      purl: null,
      cpe: null,
      modelNumbers: [],
    },
  ],
  [{ vulnKey: 'CVE-2026-40003', affected: ['pump'], fixed: [], notAffected: [] }],
);

function source(trackingId: string, overrides: Partial<ExposureSource> = {}): ExposureSource {
  return {
    kind: 'osv',
    id: `imp_${trackingId}`,
    trackingId,
    title: `Advisory ${trackingId}`,
    publisher: 'GitHub',
    url: `https://github.com/advisories/${trackingId}`,
    tlp: 'CLEAR',
    ...overrides,
  };
}

function vulnerability(
  key: string,
  overrides: Partial<VulnerabilitySummary>,
  sources: ExposureSource[],
): VulnerabilitySummary & { sources: ExposureSource[] } {
  return {
    key,
    title: '',
    aliases: [],
    cvss: null,
    ssvcDecision: null,
    exploited: false,
    kev: null,
    cwe: null,
    ...overrides,
    sources,
  };
}

const VULNERABILITIES: FeedBundle['vulnerabilities'] = {
  'CVE-2026-40001': vulnerability(
    'CVE-2026-40001',
    {
      title: 'Prototype pollution in acme-merge',
      aliases: ['GHSA-7x2q-4mrf-9c8v'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
      exploited: true,
      kev: { dateAdded: '2026-10-05', dueDate: '2026-10-26', ransomware: false },
      cwe: 'CWE-1321',
    },
    [source('GHSA-7x2q-4mrf-9c8v')],
  ),
  'CVE-2026-40002': vulnerability(
    'CVE-2026-40002',
    {
      title: 'Denial of service in left-pad-ng',
      cvss: { version: '3.1', vector: null, score: 5.3 },
      ssvcDecision: 'attend',
    },
    [source('CVE-2026-40002', { url: null })],
  ),
  'CVE-2026-40003': vulnerability(
    'CVE-2026-40003',
    { title: 'Unauthenticated dosing change on the infusion pump', ssvcDecision: 'act' },
    [
      source('CHSA-2026-0007', {
        kind: 'advisory',
        publisher: 'Clearinghouse',
        url: '/advisories/CHSA-2026-0007',
        tlp: 'GREEN',
      }),
    ],
  ),
};

function bundle(overrides: Partial<FeedBundle> = {}): FeedBundle {
  const rules = [...rulesFromOsv(MERGE_OSV), ...rulesFromOsv(PAD_OSV), ...PUMP_RULES];
  return {
    format: FEED_BUNDLE_FORMAT,
    generatedAt: new Date().toISOString(),
    publisher: 'Test Clearinghouse',
    ruleCount: rules.length,
    vulnerabilityCount: Object.keys(VULNERABILITIES).length,
    rules,
    vulnerabilities: VULNERABILITIES,
    ...overrides,
  };
}

/** Writes the bundle where `scan --offline` looks by default ($HOME/.cache/clearinghouse/feed.json). */
async function defaultBundle(content: FeedBundle = bundle()): Promise<string> {
  const path = join(dir, '.cache', 'clearinghouse', 'feed.json');
  await mkdir(join(dir, '.cache', 'clearinghouse'), { recursive: true });
  await writeFile(path, JSON.stringify(content));
  return path;
}

// ---- the inventories scanned ------------------------------------------------------------------

interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  supplier?: { name: string };
}

function cyclonedx(components: CdxComponent[]): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components });
}

const SBOM = cyclonedx([
  { type: 'library', name: 'acme-merge', version: '2.0.0', purl: 'pkg:npm/acme-merge@2.0.0' },
  { type: 'library', name: 'left-pad-ng', version: '1.2.0', purl: 'pkg:npm/left-pad-ng@1.2.0' },
  { type: 'library', name: 'safe-lib', version: '1.0.0', purl: 'pkg:npm/safe-lib@1.0.0' },
  { type: 'device', name: 'Infusion Pump', version: '4.0', supplier: { name: 'Acme Medical' } },
]);

const CLEAN_SBOM = cyclonedx([
  { type: 'library', name: 'acme-merge', version: '2.4.1', purl: 'pkg:npm/acme-merge@2.4.1' },
  { type: 'library', name: 'safe-lib', version: '1.0.0', purl: 'pkg:npm/safe-lib@1.0.0' },
]);

interface JsonReport {
  results: {
    priority: { tier: string; score: number };
    vulnerability: { key: string };
    component: { index: number; name: string; purl: string | null };
    confidence: string;
    lowConfidence: boolean;
    fixedVersion: string | null;
    sources: { trackingId: string }[];
  }[];
  ignored: { vulnerability: { key: string }; ignoredBy: { id: string; reason: string } }[];
  summary: Record<string, unknown>;
  input: { path: string; format: string; specVersion: string | null };
  source: { mode: string };
}

// ---- offline --------------------------------------------------------------------------------

describe('scan --offline', () => {
  it('ranks the findings, known exploited first, in a table with a summary line, and exits 1', async () => {
    await defaultBundle();
    const sbom = await file('sbom.cdx.json', SBOM);
    const result = await cli(['scan', sbom, '--offline']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PRIORITY +VULNERABILITY +CVSS +COMPONENT +FIXED IN +SOURCE$/);
    expect(lines[1]).toMatch(
      /^exploited +CVE-2026-40001 +9\.8 +pkg:npm\/acme-merge@2\.0\.0 +2\.4\.1 +GHSA-7x2q-4mrf-9c8v$/,
    );
    expect(lines[2]).toMatch(
      /^attend +CVE-2026-40002 +5\.3 +pkg:npm\/left-pad-ng@1\.2\.0 +1\.3\.0 +CVE-2026-40002$/,
    );
    expect(lines).toHaveLength(5);
    // The name-only match of the pump is left out without --all.
    expect(result.stdout).not.toContain('CVE-2026-40003');
    expect(lines[4]).toBe('2 vulnerabilities in 2 of 4 components (1 known exploited).');
  });

  it('says so when nothing is affected, and exits 0', async () => {
    await defaultBundle();
    const result = await cli(['scan', await file('clean.cdx.json', CLEAN_SBOM), '--offline']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No known vulnerabilities in 2 components.\n');
    expect(result.stderr).toBe('');
  });

  it('lists low-confidence name matches with --all, marked, and they alone do not fail the scan', async () => {
    await defaultBundle();
    const pump = await file('devices.csv', 'vendor,product,version\nAcme Medical,Infusion Pump,4.0\n');
    const result = await cli(['scan', pump, '--offline', '--all']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^act\* +CVE-2026-40003 +— +Acme Medical Infusion Pump 4\.0 +— +CHSA-2026-0007$/m,
    );
    expect(result.stdout).toContain('* low confidence: matched on the product name only');
    expect(result.stdout).toContain('1 vulnerability in 1 of 1 component (1 low-confidence).');

    const json = JSON.parse(
      (await cli(['scan', pump, '--offline', '--all', '--format', 'json'])).stdout,
    ) as JsonReport;
    expect(json.results[0]).toMatchObject({ confidence: 'name', lowConfidence: true });
    expect(json.summary).toMatchObject({ lowConfidence: 1, failing: 0 });
  });

  it('reads the inventory from stdin with "-" and a bundle given with --offline=<path>', async () => {
    const path = await file('elsewhere.json', JSON.stringify(bundle()));
    const result = await cli(['scan', '-', `--offline=${path}`, '--format', 'json'], { stdin: SBOM });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.input).toEqual({ path: 'stdin', format: 'cyclonedx', specVersion: '1.6' });
    expect(report.source).toMatchObject({ mode: 'offline', bundle: path, publisher: 'Test Clearinghouse' });
  });

  it('finds what the package-lock.json of a project holds', async () => {
    await defaultBundle();
    const lock = await file(
      'package-lock.json',
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0' },
          'node_modules/acme-merge': { version: '2.3.9' },
          'node_modules/safe-lib': { version: '1.0.0' },
        },
      }),
    );
    const report = JSON.parse((await cli(['scan', lock, '--offline', '--json'])).stdout) as JsonReport;
    expect(report.input.format).toBe('package-lock');
    expect(report.results.map((r) => [r.vulnerability.key, r.component.purl])).toEqual([
      ['CVE-2026-40001', 'pkg:npm/acme-merge@2.3.9'],
    ]);
  });
});

describe('scan: the JSON report', () => {
  it('has results, ignored, summary, input and source', async () => {
    await defaultBundle();
    const sbom = await file('sbom.cdx.json', SBOM);
    const result = await cli(['scan', sbom, '--offline', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(['results', 'ignored', 'summary', 'input', 'source']);
    expect(report.results).toHaveLength(2);
    expect(report.results[0]).toMatchObject({
      priority: { tier: 'exploited', score: 3000 + 980 + 3 },
      vulnerability: { key: 'CVE-2026-40001', aliases: ['GHSA-7x2q-4mrf-9c8v'], exploited: true },
      component: { index: 0, name: 'acme-merge', version: '2.0.0', purl: 'pkg:npm/acme-merge@2.0.0' },
      confidence: 'purl',
      lowConfidence: false,
      product: 'acme-merge',
      fixedVersion: '2.4.1',
      sources: [{ trackingId: 'GHSA-7x2q-4mrf-9c8v', tlp: 'CLEAR' }],
    });
    expect(report.summary).toEqual({
      components: 4,
      affectedComponents: 2,
      vulnerabilities: 2,
      findings: 2,
      knownExploited: 1,
      byPriority: { exploited: 1, act: 0, attend: 1, track: 0 },
      lowConfidence: 0,
      ignored: 0,
      failing: 2,
      failOn: 'any',
    });
    // --json is the same report.
    expect(JSON.parse((await cli(['scan', sbom, '--offline', '--json'])).stdout)).toEqual(report);
  });

  it('writes the report to --output and prints the summary line', async () => {
    await defaultBundle();
    const output = join(dir, 'report.json');
    const result = await cli([
      'scan',
      await file('sbom.cdx.json', SBOM),
      '--offline',
      '--format',
      'json',
      '--output',
      output,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `2 vulnerabilities in 2 of 4 components (1 known exploited). Report written to ${output}.\n`,
    );
    expect((JSON.parse(await readFile(output, 'utf8')) as JsonReport).results).toHaveLength(2);
  });
});

describe('scan: SARIF', () => {
  interface Sarif {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: Record<string, unknown>[] } };
      artifacts: { location: { uri: string } }[];
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: { artifactLocation: { uri: string; index: number } };
          logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
        }[];
      }[];
    }[];
  }

  /**
   * No SARIF 2.1.0 JSON schema is installed (only @types/sarif-like types elsewhere), so the
   * properties the schema requires, and those code scanning reads, are checked by hand here; the
   * server's integration test also reads this output back with the server's SARIF reader.
   */
  it('is a SARIF 2.1.0 log: a rule per vulnerability, results located in the file and at the component', async () => {
    await defaultBundle();
    const sbom = await file('sbom.cdx.json', SBOM);
    const result = await cli(['scan', sbom, '--offline', '--all', '--format', 'sarif']);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run?.tool.driver).toMatchObject({ name: 'clearinghouse', version: expect.any(String) as unknown });
    const rules = run?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['CVE-2026-40001', 'CVE-2026-40003', 'CVE-2026-40002']);
    expect(rules[0]).toMatchObject({
      shortDescription: { text: 'Prototype pollution in acme-merge' },
      helpUri: 'https://github.com/advisories/GHSA-7x2q-4mrf-9c8v',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.8', tags: ['security', 'vulnerability', 'CWE-1321'] },
    });
    expect((rules[0]?.help as { text: string }).text).toContain('Known exploited.');
    // Without a link of its own, a CVE's rule links to its CVE record.
    expect(rules[2]).toMatchObject({ helpUri: 'https://www.cve.org/CVERecord?id=CVE-2026-40002' });
    // Offline, the clearinghouse's web path cannot be made a link (no server): the CVE record instead.
    expect(rules[1]).toMatchObject({ helpUri: 'https://www.cve.org/CVERecord?id=CVE-2026-40003' });
    for (const rule of rules) {
      expect(rule).toHaveProperty('help.text');
      expect(rule).toHaveProperty('help.markdown');
    }

    expect(run?.artifacts).toEqual([{ location: { uri: `file://${sbom}` } }]);
    expect(run?.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['CVE-2026-40001', 0, 'error'],
      ['CVE-2026-40003', 1, 'note'],
      ['CVE-2026-40002', 2, 'warning'],
    ]);
    const first = run?.results[0];
    expect(first?.message.text).toBe(
      'pkg:npm/acme-merge@2.0.0 is affected by CVE-2026-40001: Prototype pollution in acme-merge. Fixed in 2.4.1.',
    );
    expect(first?.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: `file://${sbom}`, index: 0 } },
        logicalLocations: [
          {
            name: 'pkg:npm/acme-merge@2.0.0',
            fullyQualifiedName: 'pkg:npm/acme-merge@2.0.0',
            kind: 'module',
          },
        ],
      },
    ]);
    expect(run?.results[1]?.locations[0]?.logicalLocations[0]?.name).toBe('Infusion Pump');
  });

  it('refuses --format sarif with --json', async () => {
    await defaultBundle();
    const result = await cli([
      'scan',
      await file('sbom.cdx.json', SBOM),
      '--offline',
      '--format',
      'sarif',
      '--json',
    ]);
    expect(result.code).toBe(2);
  });
});

describe('scan --fail-on', () => {
  it.each([
    ['exploited', 1],
    ['act', 1],
    ['attend', 1],
    ['any', 1],
  ])('--fail-on %s with a known exploited finding exits %i', async (failOn, code) => {
    await defaultBundle();
    const result = await cli(['scan', await file('sbom.cdx.json', SBOM), '--offline', '--fail-on', failOn]);
    expect(result.code).toBe(code);
  });

  it.each([
    ['exploited', 0],
    ['act', 0],
    ['attend', 1],
    ['any', 1],
  ])('--fail-on %s with an attend finding only exits %i', async (failOn, code) => {
    await defaultBundle();
    const pad = cyclonedx([
      { type: 'library', name: 'left-pad-ng', version: '1.2.0', purl: 'pkg:npm/left-pad-ng@1.2.0' },
    ]);
    const result = await cli(['scan', await file('pad.cdx.json', pad), '--offline', '--fail-on', failOn]);
    expect(result.code).toBe(code);
    // The findings are listed whatever the threshold.
    expect(result.stdout).toContain('CVE-2026-40002');
  });

  it('refuses an unknown level', async () => {
    const result = await cli(['scan', await file('sbom.cdx.json', SBOM), '--offline', '--fail-on', 'high']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'high' is invalid");
  });
});

describe('scan --ignore', () => {
  it('leaves out ignored vulnerabilities (by id or alias), and warns of an expired entry that no longer applies', async () => {
    await defaultBundle();
    const ignore = await file(
      'ignore.json',
      JSON.stringify({
        ignore: [
          { id: 'GHSA-7x2q-4mrf-9c8v', reason: 'acme-merge only sees our own config', until: '2099-12-31' },
          { id: 'CVE-2026-40002', reason: 'fixed in the next release', until: '2001-01-31' },
        ],
      }),
    );
    const sbom = await file('sbom.cdx.json', SBOM);
    const result = await cli(['scan', sbom, '--offline', '--ignore', ignore]);
    expect(result.stderr).toBe(
      `warning: the ignore entry for CVE-2026-40002 in ${ignore} expired (until 2001-01-31); it no longer applies\n`,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('CVE-2026-40001');
    expect(result.stdout).toContain('CVE-2026-40002');
    expect(result.stdout).toContain('1 vulnerability in 1 of 4 components (1 ignored).');

    const json = JSON.parse(
      (await cli(['scan', sbom, '--offline', '--ignore', ignore, '--json'])).stdout,
    ) as JsonReport;
    expect(json.ignored).toMatchObject([
      {
        vulnerability: { key: 'CVE-2026-40001' },
        ignoredBy: {
          id: 'GHSA-7x2q-4mrf-9c8v',
          reason: 'acme-merge only sees our own config',
          until: '2099-12-31',
        },
      },
    ]);
  });

  it('exits 0 when every finding is ignored', async () => {
    await defaultBundle();
    const ignore = await file(
      'ignore.json',
      JSON.stringify({
        ignore: [
          { id: 'CVE-2026-40001', reason: 'not reachable' },
          { id: 'cve-2026-40002', reason: 'not reachable', until: '2099-01-01T00:00:00Z' },
        ],
      }),
    );
    const result = await cli(['scan', await file('sbom.cdx.json', SBOM), '--offline', '--ignore', ignore]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No known vulnerabilities in 4 components (2 ignored).\n');
  });

  it('refuses an ignore file with problems, listing each with its JSON pointer', async () => {
    const ignore = await file(
      'ignore.json',
      JSON.stringify({
        ignore: [
          { id: 'CVE-2026-40001' },
          { id: 'CVE-2026-40002', reason: 'later', ignoreUntil: 'soon', until: '2026-02-30' },
        ],
      }),
    );
    const result = await cli(['scan', await file('sbom.cdx.json', SBOM), '--offline', '--ignore', ignore]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        `error: ignore file ${ignore} has 3 problems:`,
        `  ${ignore} /ignore/0/reason: required: a non-empty string`,
        `  ${ignore} /ignore/1/ignoreUntil: unknown property (expected id, reason, until)`,
        `  ${ignore} /ignore/1/until: expected a date (2027-01-31) or an ISO-8601 timestamp (2027-01-31T12:00:00Z)`,
        '',
      ].join('\n'),
    );
  });
});

describe('scan: exit code 2', () => {
  it('prints every problem of the inventory file with its location', async () => {
    await defaultBundle();
    const csv = await file(
      'devices.csv',
      'vendor,product,version,purl\nAcme,Pump,1.0,pkg:npm/ok@1.0.0\nAcme,Monitor,2.0,not-a-purl\nAcme,,3.0,\n',
    );
    const result = await cli(['scan', csv, '--offline']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: ${csv} cannot be scanned, 2 problems:`);
    expect(lines[1]).toMatch(new RegExp(`^  ${csv} line 3, column purl: `));
    expect(lines[2]).toMatch(new RegExp(`^  ${csv} line 4`));

    const json = await cli(['scan', csv, '--offline', '--json']);
    expect(json.code).toBe(2);
    const error = (JSON.parse(json.stderr) as { error: { code: string; details: { path: string }[] } }).error;
    expect(error.code).toBe('inventory_invalid');
    expect(error.details.map((d) => d.path)).toEqual([
      expect.stringMatching(/^line 3, column purl/),
      expect.stringMatching(/^line 4/),
    ]);
  });

  it('refuses a file that is no inventory, and one that does not exist', async () => {
    await defaultBundle();
    const notes = await file('notes.json', '{"hello": "world"}');
    const unknown = await cli(['scan', notes, '--offline']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Not a CycloneDX 1.4–1.6 JSON');
    const missing = await cli(['scan', join(dir, 'nope.json'), '--offline']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: cannot read ${join(dir, 'nope.json')}: no such file\n`);
  });

  it('says to pull the feed when there is no bundle', async () => {
    const result = await cli(['scan', await file('sbom.cdx.json', SBOM), '--offline']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: no feed bundle at ${join(dir, '.cache', 'clearinghouse', 'feed.json')} — run 'clearinghouse feed pull' first, or give one with --offline=<bundle>\n`,
    );
  });

  it('refuses a bundle of another format, and a truncated one', async () => {
    const sbom = await file('sbom.cdx.json', SBOM);
    const other = await file('other.json', JSON.stringify({ ...bundle(), format: 'clearinghouse-feed@2' }));
    const newer = await cli(['scan', sbom, `--offline=${other}`]);
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain(`/format: "clearinghouse-feed@2", expected "${FEED_BUNDLE_FORMAT}"`);

    const full = bundle();
    const truncated = await file('truncated.json', JSON.stringify({ ...full, rules: full.rules.slice(1) }));
    const cut = await cli(['scan', sbom, `--offline=${truncated}`]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('/ruleCount: says');
  });

  it('warns when the bundle is more than a week old', async () => {
    await defaultBundle(bundle({ generatedAt: '2020-01-01T00:00:00.000Z' }));
    const result = await cli(['scan', await file('clean.cdx.json', CLEAN_SBOM), '--offline']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: the feed bundle .* is \d+ days old — run 'clearinghouse feed pull'/,
    );
  });
});

// ---- online, against an imitation of the API -----------------------------------------------------

describe('scan (online)', () => {
  let api: FakeApi;
  let scans: ScanRequest[];

  beforeEach(async () => {
    api = await startFakeApi();
    scans = [];
    api.override = (request) => {
      if (request.path !== '/api/v1/scan') return undefined;
      const body = JSON.parse(request.body) as ScanRequest;
      scans.push(body);
      // Affected: every component named acme-merge below 2.4.1 (the fake matches by name only).
      const matches: ScanResult['matches'] = body.components.flatMap((c, componentIndex) =>
        c.name === 'acme-merge' && c.version === '2.0.0'
          ? [
              {
                componentIndex,
                vulnerabilityKey: 'CVE-2026-40001',
                confidence: 'purl' as const,
                productLabel: 'acme-merge',
                fixedVersion: '2.4.1',
              },
            ]
          : [],
      );
      const vulnerabilities =
        matches.length === 0 ? {} : { 'CVE-2026-40001': VULNERABILITIES['CVE-2026-40001'] };
      return { status: 200, body: { matches, vulnerabilities } };
    };
  });

  afterEach(async () => {
    await api.close();
  });

  it('sends the components in requests of at most 10,000 and maps the answers back to the file', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `lib-${i},1.0.${i}`);
    rows[10_500] = 'acme-merge,2.0.0';
    const csv = await file('big.csv', `product,version\n${rows.join('\n')}\n`);
    const result = await cli(['--server', api.url, 'scan', csv, '--json']);
    expect(result.code).toBe(1);
    expect(scans.map((s) => s.components.length)).toEqual([10_000, 2_000]);
    expect(scans.every((s) => s.includeLowConfidence === false)).toBe(true);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.results.map((r) => [r.component.index, r.component.name])).toEqual([
      [10_500, 'acme-merge'],
    ]);
    expect(report.source).toEqual({ mode: 'online', server: api.url, authenticated: false });
    // Anonymous: said on stderr, as a JSON line with --json.
    expect(JSON.parse(result.stderr)).toEqual({
      warning: { message: `not logged in to ${api.url}: matched against TLP:CLEAR advisories only` },
    });
  });

  it('sends only the identity of each component, and asks for low-confidence matches with --all', async () => {
    const sbom = await file('sbom.cdx.json', SBOM);
    const result = await cli(['--server', api.url, 'scan', sbom, '--all']);
    expect(result.code).toBe(1);
    expect(scans[0]?.includeLowConfidence).toBe(true);
    expect(scans[0]?.components[0]).toEqual({
      name: 'acme-merge',
      vendor: null,
      version: '2.0.0',
      purl: 'pkg:npm/acme-merge@2.0.0',
      cpe: null,
      modelNumber: null,
    });
    expect(result.stdout).toContain('1 vulnerability in 1 of 4 components (1 known exploited).');
  });

  it('draws a progress bar on a terminal for a large input, and none otherwise', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `library-with-a-long-name-${i},1.0.${i}`);
    const csv = await file('big.csv', `product,version\n${rows.join('\n')}\n`);
    const shown = await cli(['--server', api.url, 'scan', csv], { stderrIsTTY: true });
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain(`Scanning ${csv} [`);
    expect(shown.stderr).toContain('30,000/30,000 components');
    const hidden = await cli(['--server', api.url, 'scan', csv]);
    expect(hidden.stderr).not.toContain('Scanning');
  });

  it('exits 4 when the server cannot be reached', async () => {
    const gone = await startFakeApi();
    await gone.close();
    const result = await cli(['--server', gone.url, 'scan', await file('sbom.cdx.json', SBOM)]);
    expect(result.code).toBe(4);
  });
});

// ---- feed pull --------------------------------------------------------------------------------

describe('feed pull', () => {
  let api: FakeApi;
  let served: string;

  beforeEach(async () => {
    api = await startFakeApi();
    served = JSON.stringify(bundle());
    api.override = (request) =>
      request.path === '/api/v1/feed/bundle'
        ? {
            status: 200,
            body: JSON.parse(served) as unknown,
            // As the server sends it: the size is known, so a progress bar can be drawn.
            headers: { 'Content-Length': String(Buffer.byteLength(served)) },
          }
        : undefined;
  });

  afterEach(async () => {
    await api.close();
  });

  it('writes the bundle 0600 where scan --offline looks, says what it holds, and scans offline with it', async () => {
    const result = await cli(['--server', api.url, 'feed', 'pull']);
    expect(result.code).toBe(0);
    const path = join(dir, '.cache', 'clearinghouse', 'feed.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(served));
    expect(result.stdout).toMatch(
      new RegExp(`^Wrote the feed of Test Clearinghouse to ${path} \\(0\\.0 MB\\)\\.$`, 'm'),
    );
    expect(result.stdout).toMatch(/^Rules: +3$/m);
    expect(result.stdout).toMatch(/^Vulnerabilities: +3$/m);
    expect(result.stdout).toMatch(/^Labels: +TLP:CLEAR \(2 sources\), TLP:GREEN \(1 source\)$/m);
    expect(result.stdout).toContain("Not logged in: TLP:CLEAR only. Run 'clearinghouse login'");
    expect(api.requests[0]?.headers.authorization).toBeUndefined();

    const scanned = await cli(['scan', await file('sbom.cdx.json', SBOM), '--offline']);
    expect(scanned.code).toBe(1);
    expect(scanned.stdout).toContain('2 vulnerabilities in 2 of 4 components (1 known exploited).');
  });

  it('sends the saved token, and writes to --output with a --json result', async () => {
    await writeConfigFile(configPath, { server: api.url, token: SECRET, tokenId: TOKEN.id, email: EMAIL });
    const output = join(dir, 'feeds', 'feed.json');
    const result = await cli(['--server', api.url, 'feed', 'pull', '--output', output, '--json']);
    expect(result.code).toBe(0);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(result.stdout)).toMatchObject({
      path: output,
      format: FEED_BUNDLE_FORMAT,
      rules: 3,
      vulnerabilities: 3,
      labels: [
        { label: 'TLP:CLEAR', sources: 2 },
        { label: 'TLP:GREEN', sources: 1 },
      ],
      authenticated: true,
    });
    expect((await stat(output)).mode & 0o777).toBe(0o600);
  });

  it('keeps the previous feed when the answer is not a feed bundle (exit 4)', async () => {
    const path = await defaultBundle();
    const before = await readFile(path, 'utf8');
    served = JSON.stringify({ ...bundle(), format: 'something-else' });
    const result = await cli(['--server', api.url, 'feed', 'pull']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('not a clearinghouse-feed@1 bundle');
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('draws a progress bar on a terminal for a large download', async () => {
    const big = bundle();
    const padded = { ...big.vulnerabilities };
    padded['CVE-2026-40002'] = vulnerability('CVE-2026-40002', { title: 'x'.repeat(1_200_000) }, [
      source('CVE-2026-40002'),
    ]);
    served = JSON.stringify({ ...big, vulnerabilities: padded });
    const result = await cli(['--server', api.url, 'feed', 'pull', '--json'], { stderrIsTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const shown = await cli(['--server', api.url, 'feed', 'pull'], { stderrIsTTY: true });
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain('Downloading the feed [');
    expect(shown.stderr).toContain('1.2/1.2 MB');
  });
});
