import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AdvisoryProduct,
  AdvisoryVulnerability,
  type AdvisoryContentInput,
  type Acknowledgment,
} from '@clearinghouse/shared';
import { describe, expect, it } from 'vitest';
import {
  buildCnaContainer,
  buildCveRecord,
  Cve5Error,
  type Cve5Version,
  type CveRecordInput,
} from '../../../src/formats/cve5.js';
import { createCveValidator } from '../../../src/formats/cve5-schema.js';
import { decideSsvc, ssvcVector, type SsvcInput } from '../../../src/formats/ssvc.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const cve5 = path.resolve(repoRoot, '..', 'shared', 'standards', 'cve-5');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const schema = readJson(path.join(cve5, 'CVE_Record_Format_bundled.json')) as object;
const validate = createCveValidator(schema);

type VulnerabilityInput = AdvisoryContentInput['vulnerabilities'][number];
type ProductInput = NonNullable<AdvisoryContentInput['products']>[number];

const ORG_ID = '3f2a1c4e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

const ssvcInput: SsvcInput = {
  exploitation: 'public_poc',
  automatable: 'yes',
  technicalImpact: 'total',
  missionWellbeing: 'high',
};
const ssvc = {
  ...ssvcInput,
  decision: decideSsvc(ssvcInput),
  vector: ssvcVector(ssvcInput, decideSsvc(ssvcInput), '2026-03-01T12:00:00Z'),
};

const buildVulnerability = (overrides: Partial<VulnerabilityInput> = {}): AdvisoryVulnerability =>
  AdvisoryVulnerability.parse({
    cveId: 'CVE-2026-12345',
    title: 'Path traversal in the Example Widget upload handler',
    notes: 'The upload handler of Example Widget joins user-supplied names to its storage directory.',
    cwe: 'CWE-22',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N',
    cvss40: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N',
    ssvc,
    exploited: true,
    exploitedSince: '2026-02-20',
    statuses: [
      { productKey: 'widget-npm', status: 'affected' },
      { productKey: 'widget-npm-fixed', status: 'fixed' },
      { productKey: 'widget-pypi', status: 'affected' },
      { productKey: 'widget-maven', status: 'affected' },
      { productKey: 'appliance', status: 'affected' },
      { productKey: 'cloud', status: 'not_affected', justification: 'component_not_present' },
    ],
    remediations: [
      {
        category: 'vendor_fix',
        details: 'Upgrade to 1.4.2 or later.',
        url: 'https://example.com/widget/releases/1.4.2',
        productKeys: ['widget-npm'],
      },
      {
        category: 'workaround',
        details: 'Disable uploads.',
        productKeys: ['appliance'],
      },
    ],
    references: [
      { url: 'https://github.com/example/widget/issues/42', summary: 'Issue tracker entry' },
      { url: 'https://example.com/security', summary: 'Vendor page', category: 'self' },
    ],
    ...overrides,
  });

const buildProduct = (overrides: Partial<ProductInput> & { key: string }): AdvisoryProduct =>
  AdvisoryProduct.parse({ vendor: 'Example', product: 'Widget', ...overrides });

const products: AdvisoryProduct[] = [
  buildProduct({
    key: 'widget-npm',
    range: 'vers:npm/>=1.0.0|<1.4.2|>=2.0.0|<=2.1.3',
    purl: 'pkg:npm/%40example/widget',
    cpe: 'cpe:2.3:a:example:widget:*:*:*:*:*:node.js:*:*',
  }),
  buildProduct({ key: 'widget-npm-fixed', version: '1.4.2', purl: 'pkg:npm/%40example/widget@1.4.2' }),
  buildProduct({
    key: 'widget-pypi',
    product: 'widget-py',
    range: 'vers:pypi/<0.9.1',
    purl: 'pkg:pypi/widget-py',
  }),
  buildProduct({
    key: 'widget-maven',
    product: 'widget-core',
    range: 'vers:maven/>=3.0|<3.2.1',
    purl: 'pkg:maven/com.example/widget-core',
  }),
  buildProduct({ key: 'appliance', product: 'Widget Appliance', version: '7.1' }),
  buildProduct({ key: 'cloud', product: 'Widget Cloud' }),
  buildProduct({ key: 'unrelated', product: 'Gadget', version: '1.0' }),
];

const acknowledgments: Acknowledgment[] = [
  { names: ['Alice Example', 'Bob Example'], organization: 'Example Research', summary: '' },
  { names: [], organization: 'Independent Lab', summary: 'for the report' },
];

const buildInput = (overrides: Partial<CveRecordInput> = {}): CveRecordInput => ({
  vulnerability: buildVulnerability(),
  products,
  advisoryUrl: 'https://clearinghouse.example/advisories/CHSA-2026-0001',
  acknowledgments,
  assigner: { orgId: ORG_ID, shortName: 'clearinghouse' },
  datePublished: '2026-03-02T10:00:00Z',
  dateUpdated: new Date('2026-03-03T11:30:00Z'),
  timeline: [
    { time: '2026-01-15T09:00:00Z', value: 'Reported to the vendor' },
    { time: '2026-03-02T10:00:00Z', value: 'Advisory released' },
  ],
  ...overrides,
});

const affectedOf = (input: CveRecordInput, product: string) =>
  buildCveRecord(input).record.containers.cna.affected.find((a) => a.product === product);

describe('the CVE record schema validator', () => {
  const examples = readdirSync(path.join(cve5, 'examples')).filter((f) => f.endsWith('.json'));

  it('finds the official examples', () => {
    expect(examples).toEqual(['full-record-advanced-example.json', 'full-record-basic-example.json']);
  });

  for (const example of examples) {
    it(`accepts the official example ${example}`, () => {
      expect(validate(readJson(path.join(cve5, 'examples', example)))).toEqual({ valid: true, problems: [] });
    });
  }

  it('rejects a broken copy of an official example, with the path of each problem', () => {
    const doc = readJson(path.join(cve5, 'examples', 'full-record-basic-example.json')) as {
      cveMetadata: Record<string, unknown>;
      containers: { cna: Record<string, unknown> };
    };
    doc.cveMetadata.assignerOrgId = 'not-a-uuid';
    delete doc.containers.cna.references;
    const result = validate(doc);
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ path: '/cveMetadata/assignerOrgId' }));
    expect(result.problems).toContainEqual({
      path: '/containers/cna',
      message: "must have required property 'references'",
    });
  });
});

describe('buildCveRecord', () => {
  it('renders a rich vulnerability as a record that the official schema accepts', () => {
    const { record, problems } = buildCveRecord(buildInput());
    expect(validate(record)).toEqual({ valid: true, problems: [] });
    expect(problems).toEqual([]);
  });

  it('fills the metadata and the CNA container', () => {
    const { record } = buildCveRecord(buildInput());
    expect(record.dataType).toBe('CVE_RECORD');
    expect(record.dataVersion).toBe('5.1');
    expect(record.cveMetadata).toEqual({
      cveId: 'CVE-2026-12345',
      assignerOrgId: ORG_ID,
      assignerShortName: 'clearinghouse',
      state: 'PUBLISHED',
      datePublished: '2026-03-02T10:00:00.000Z',
      dateUpdated: '2026-03-03T11:30:00.000Z',
    });
    const cna = record.containers.cna;
    expect(cna.providerMetadata).toEqual({
      orgId: ORG_ID,
      shortName: 'clearinghouse',
      dateUpdated: '2026-03-03T11:30:00.000Z',
    });
    expect(cna.title).toBe('Path traversal in the Example Widget upload handler');
    expect(cna.datePublic).toBe('2026-03-02T10:00:00.000Z');
    expect(cna.descriptions).toEqual([
      {
        lang: 'en',
        value: 'The upload handler of Example Widget joins user-supplied names to its storage directory.',
      },
    ]);
    expect(cna.problemTypes).toEqual([
      {
        descriptions: [
          {
            lang: 'en',
            cweId: 'CWE-22',
            description: expect.stringMatching(/^CWE-22 Improper Limitation of a Pathname/) as unknown,
            type: 'CWE',
          },
        ],
      },
    ]);
  });

  it('writes the container members in a fixed order', () => {
    const cna = buildCveRecord(buildInput()).record.containers.cna;
    expect(Object.keys(cna)).toEqual([
      'providerMetadata',
      'title',
      'datePublic',
      'descriptions',
      'affected',
      'problemTypes',
      'metrics',
      'solutions',
      'workarounds',
      'exploits',
      'references',
      'credits',
      'timeline',
    ]);
    expect(Object.keys(cna.affected[0] ?? {})).toEqual([
      'vendor',
      'product',
      'collectionURL',
      'packageName',
      'cpes',
      'versions',
      'defaultStatus',
    ]);
  });

  it('writes CVSS 3.1 and 4.0 with their scores, and SSVC as an "other" metric', () => {
    const metrics = buildCveRecord(buildInput()).record.containers.cna.metrics;
    expect(metrics).toEqual([
      {
        format: 'CVSS',
        scenarios: [{ lang: 'en', value: 'GENERAL' }],
        cvssV3_1: {
          version: '3.1',
          vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N',
          baseScore: 9.1,
          baseSeverity: 'CRITICAL',
        },
        cvssV4_0: {
          version: '4.0',
          vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N',
          baseScore: expect.any(Number) as unknown,
          baseSeverity: expect.any(String) as unknown,
        },
      },
      {
        other: {
          type: 'ssvc',
          content: {
            id: 'CVE-2026-12345',
            timestamp: '2026-03-03T11:30:00.000Z',
            role: 'CISA Coordinator',
            version: '2.0.3',
            options: [
              { Exploitation: 'poc' },
              { Automatable: 'yes' },
              { 'Technical Impact': 'total' },
              { 'Mission and Well-being': 'high' },
            ],
            decision: 'Attend',
            vector: ssvc.vector,
          },
        },
      },
    ]);
  });

  it('writes a CVSS 3.0 vector under cvssV3_0, and reports a malformed one instead of writing it', () => {
    const v30 = buildCveRecord(
      buildInput({
        vulnerability: buildVulnerability({
          cvss31: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N',
          cvss40: null,
        }),
      }),
    );
    expect(v30.record.containers.cna.metrics?.[0]?.cvssV3_0?.version).toBe('3.0');
    expect(validate(v30.record).valid).toBe(true);

    const bad = buildCveRecord(
      buildInput({ vulnerability: buildVulnerability({ cvss31: 'CVSS:3.1/AV:N/AC:L', cvss40: null }) }),
    );
    expect(bad.record.containers.cna.metrics?.some((m) => m.cvssV3_1 !== undefined)).toBe(false);
    expect(bad.problems).toContainEqual(expect.objectContaining({ path: 'vulnerability.cvss31' }));
    expect(validate(bad.record).valid).toBe(true);
  });

  it('lists only products with a status for the vulnerability, grouped by package', () => {
    const affected = buildCveRecord(buildInput()).record.containers.cna.affected;
    expect(affected.map((a) => a.product)).toEqual([
      'Widget',
      'widget-py',
      'widget-core',
      'Widget Appliance',
      'Widget Cloud',
    ]);
  });

  it('maps vers ranges to CVE version ranges, and fixed versions to unaffected', () => {
    expect(affectedOf(buildInput(), 'Widget')).toEqual({
      vendor: 'Example',
      product: 'Widget',
      collectionURL: 'https://registry.npmjs.org',
      packageName: '@example/widget',
      cpes: ['cpe:2.3:a:example:widget:*:*:*:*:*:node.js:*:*'],
      versions: [
        { version: '1.0.0', status: 'affected', lessThan: '1.4.2', versionType: 'semver' },
        { version: '2.0.0', status: 'affected', lessThanOrEqual: '2.1.3', versionType: 'semver' },
        { version: '1.4.2', status: 'unaffected' },
      ],
      defaultStatus: 'unknown',
    });
    expect(affectedOf(buildInput(), 'widget-py')).toMatchObject({
      collectionURL: 'https://pypi.python.org',
      packageName: 'widget-py',
      versions: [{ version: '0', status: 'affected', lessThan: '0.9.1', versionType: 'python' }],
    });
    expect(affectedOf(buildInput(), 'widget-core')).toMatchObject({
      collectionURL: 'https://repo.maven.apache.org/maven2',
      packageName: 'com.example:widget-core',
      versions: [{ version: '3.0', status: 'affected', lessThan: '3.2.1', versionType: 'maven' }],
    });
    expect(affectedOf(buildInput(), 'Widget Appliance')).toEqual({
      vendor: 'Example',
      product: 'Widget Appliance',
      versions: [{ version: '7.1', status: 'affected' }],
      defaultStatus: 'unknown',
    });
  });

  it('gives a product without versions its status as the default status', () => {
    expect(affectedOf(buildInput(), 'Widget Cloud')).toEqual({
      vendor: 'Example',
      product: 'Widget Cloud',
      defaultStatus: 'unaffected',
    });
  });

  const rangeCases: { range: string; versions: Cve5Version[]; problem?: RegExp }[] = [
    {
      range: 'vers:npm/>=1.2.0',
      versions: [{ version: '1.2.0', status: 'affected', lessThan: '*', versionType: 'semver' }],
    },
    {
      range: 'vers:npm/*',
      versions: [{ version: '0', status: 'affected', lessThan: '*', versionType: 'semver' }],
    },
    {
      range: 'vers:npm/<=0.3.0',
      versions: [{ version: '0', status: 'affected', lessThanOrEqual: '0.3.0', versionType: 'semver' }],
    },
    {
      range: 'vers:npm/1.0.1|1.0.3',
      versions: [
        { version: '1.0.1', status: 'affected' },
        { version: '1.0.3', status: 'affected' },
      ],
    },
    {
      range: 'vers:cargo/>=0.5.0|<0.5.7',
      versions: [{ version: '0.5.0', status: 'affected', lessThan: '0.5.7', versionType: 'semver' }],
    },
    {
      range: 'vers:npm/>1.0.0|<2.0.0',
      versions: [],
      problem: /cannot start a range after a version/,
    },
    {
      range: 'vers:npm/>=1.0.0|!=1.2.0|<2.0.0',
      versions: [{ version: '1.0.0', status: 'affected', lessThan: '2.0.0', versionType: 'semver' }],
      problem: /cannot exclude one version/,
    },
    {
      range: 'vers:gem/>=1.0|<1.5',
      versions: [{ version: '1.0', status: 'affected', lessThan: '1.5', versionType: 'custom' }],
      problem: /versionType "custom"/,
    },
    { range: '>= 1.0, < 2.0', versions: [], problem: /not a vers: URI/ },
    { range: 'vers:golang/>=1.0.0|<1.2.0', versions: [], problem: /cannot be read: Go version/ },
    {
      range: 'vers:golang/>=v1.0.0|<v1.2.0',
      versions: [{ version: 'v1.0.0', status: 'affected', lessThan: 'v1.2.0', versionType: 'semver' }],
    },
  ];

  for (const { range, versions, problem } of rangeCases) {
    it(`maps the range ${range}`, () => {
      const input = buildInput({
        vulnerability: buildVulnerability({ statuses: [{ productKey: 'p', status: 'affected' }] }),
        products: [buildProduct({ key: 'p', range })],
      });
      const { record, problems } = buildCveRecord(input);
      const [entry] = record.containers.cna.affected;
      expect(entry?.versions ?? []).toEqual(versions);
      if (problem === undefined) expect(problems).toEqual([]);
      else
        expect(problems).toContainEqual({
          path: 'products.p.range',
          message: expect.stringMatching(problem),
        });
      expect(validate(record)).toEqual({ valid: true, problems: [] });
    });
  }

  it('lists the advisory first, then the references, then the fixes', () => {
    expect(buildCveRecord(buildInput()).record.containers.cna.references).toEqual([
      { url: 'https://clearinghouse.example/advisories/CHSA-2026-0001', tags: ['vendor-advisory'] },
      { url: 'https://github.com/example/widget/issues/42', name: 'Issue tracker entry' },
      { url: 'https://example.com/security', name: 'Vendor page', tags: ['vendor-advisory'] },
      { url: 'https://example.com/widget/releases/1.4.2', tags: ['patch'] },
    ]);
  });

  it('credits every acknowledged finder, remediations, exploitation and the timeline', () => {
    const cna = buildCveRecord(buildInput()).record.containers.cna;
    expect(cna.credits).toEqual([
      { lang: 'en', value: 'Alice Example (Example Research)', type: 'finder' },
      { lang: 'en', value: 'Bob Example (Example Research)', type: 'finder' },
      { lang: 'en', value: 'Independent Lab', type: 'finder' },
    ]);
    expect(cna.solutions).toEqual([{ lang: 'en', value: 'Upgrade to 1.4.2 or later.' }]);
    expect(cna.workarounds).toEqual([{ lang: 'en', value: 'Disable uploads.' }]);
    expect(cna.exploits).toEqual([
      { lang: 'en', value: 'This vulnerability is known to be exploited since 2026-02-20.' },
    ]);
    expect(cna.timeline?.map((e) => [e.time, e.value])).toEqual([
      ['2026-01-15T09:00:00.000Z', 'Reported to the vendor'],
      ['2026-02-20T00:00:00.000Z', 'Exploitation first known'],
      ['2026-03-02T10:00:00.000Z', 'Advisory released'],
    ]);
  });

  it('leaves out what is empty, and the minimal record is still valid', () => {
    const input = buildInput({
      vulnerability: buildVulnerability({
        cwe: null,
        cvss31: null,
        cvss40: null,
        ssvc: null,
        exploited: false,
        exploitedSince: null,
        remediations: [],
        references: [],
        notes: '',
        statuses: [{ productKey: 'appliance', status: 'affected' }],
      }),
      acknowledgments: [],
      timeline: [],
    });
    const { record, problems } = buildCveRecord(input);
    const cna = record.containers.cna;
    expect(Object.keys(cna).sort()).toEqual(
      ['affected', 'datePublic', 'descriptions', 'providerMetadata', 'references', 'title'].sort(),
    );
    expect(cna.descriptions[0]?.value).toBe(cna.title);
    expect(problems).toEqual([]);
    expect(validate(record)).toEqual({ valid: true, problems: [] });
  });

  it('cuts text over the format limits and says so', () => {
    const { record, problems } = buildCveRecord(
      buildInput({ vulnerability: buildVulnerability({ title: 'T'.repeat(300), notes: 'n'.repeat(5000) }) }),
    );
    expect(record.containers.cna.title).toHaveLength(256);
    expect(record.containers.cna.descriptions[0]?.value).toHaveLength(4096);
    expect(problems.map((p) => p.path)).toEqual(['vulnerability.title', 'vulnerability.notes']);
    expect(validate(record).valid).toBe(true);
  });

  it('reports a record the format cannot hold: no product, no reference', () => {
    const { record, problems } = buildCveRecord(
      buildInput({
        advisoryUrl: null,
        vulnerability: buildVulnerability({ statuses: [], references: [], remediations: [] }),
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['vulnerability.statuses', 'vulnerability.references']);
    expect(validate(record).valid).toBe(false);
  });

  it('reports a status for a product that is not in the product tree', () => {
    const { problems } = buildCveRecord(
      buildInput({
        vulnerability: buildVulnerability({
          statuses: [
            { productKey: 'appliance', status: 'affected' },
            { productKey: 'ghost', status: 'affected' },
          ],
        }),
      }),
    );
    expect(problems).toEqual([
      { path: 'vulnerability.statuses.1', message: 'No product has the key ghost.' },
    ]);
  });

  it('refuses a vulnerability without a CVE id', () => {
    const input = buildInput({ vulnerability: buildVulnerability({ cveId: null }) });
    expect(() => buildCveRecord(input)).toThrow(Cve5Error);
    expect(() => buildCveRecord(input)).toThrow(/needs a CVE id/);
    expect(() => buildCnaContainer(input)).toThrow(Cve5Error);
  });

  it('takes the CVE id from the input when the vulnerability has none yet, but refuses a mismatch', () => {
    const input = buildInput({ cveId: 'CVE-2026-99999', vulnerability: buildVulnerability({ cveId: null }) });
    expect(buildCveRecord(input).record.cveMetadata.cveId).toBe('CVE-2026-99999');
    expect(() => buildCveRecord({ ...input, vulnerability: buildVulnerability() })).toThrow(
      /not the vulnerability's own/,
    );
  });
});

describe('buildCnaContainer', () => {
  it('is the CNA container of the full record, which validates inside a record', () => {
    const { cnaContainer, problems } = buildCnaContainer(buildInput());
    const { record } = buildCveRecord(buildInput());
    expect(cnaContainer).toEqual(record.containers.cna);
    expect(problems).toEqual([]);
    expect(JSON.parse(JSON.stringify({ cnaContainer }))).toEqual({ cnaContainer: record.containers.cna });
  });
});
