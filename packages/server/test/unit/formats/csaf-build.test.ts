import {
  AdvisoryContent,
  TLP_LABELS,
  type AdvisoryContentInput,
  type AdvisoryProduct,
  type Tlp,
} from '@clearinghouse/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AMBER_STRICT_TEXT,
  buildCsafDocument,
  type CsafDocument,
  type CsafDocumentMeta,
} from '../../../src/formats/csaf-build.js';
import {
  csafBasicTests,
  validateCsaf,
  type CsafValidationResult,
} from '../../../src/formats/csaf-validate.js';
import { findCwe } from '../../../src/formats/cwe.js';

// ---- factories ---------------------------------------------------------------------------------

const CVSS31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const CVSS40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
const SSVC_VECTOR = 'SSVCv2/E:A/A:Y/T:T/M:H/D:C/2026-01-15T00:00:00Z/';
const SELF_URL = 'https://csaf.clearinghouse.example/white/2026/chsa-2026-0001.json';

const PRODUCTS: AdvisoryContentInput['products'] = [
  {
    key: 'acme-ws-1.2.3',
    vendor: 'Acme',
    product: 'Widget Server',
    version: '1.2.3',
    purl: 'pkg:npm/widget-server@1.2.3',
  },
  {
    key: 'globex-rx-4.0',
    vendor: 'Globex',
    product: 'Router X',
    version: '4.0',
    modelNumbers: ['RX-100', 'RX-200'],
  },
  {
    key: 'acme-ws-old',
    vendor: 'Acme',
    product: 'Widget Server',
    range: 'vers:npm/>=1.0.0|<1.2.3',
    purl: 'pkg:npm/widget-server',
  },
  { key: 'acme-ws-1.2.4', vendor: 'Acme', product: 'Widget Server', version: '1.2.4' },
  {
    key: 'acme-wc',
    vendor: 'Acme',
    product: 'Widget Client',
    cpe: 'cpe:2.3:a:acme:widget_client:*:*:*:*:*:*:*:*',
  },
  { key: 'globex-rx', vendor: 'Globex', product: 'Router X', modelNumbers: ['RX-1'] },
  { key: 'initech-tps-2.0', vendor: 'Initech', product: 'TPS', version: '2.0' },
  { key: 'initech-tps-3.0', vendor: 'Initech', product: 'TPS', version: '3.0' },
];

/** Two vulnerabilities using every status, justification-bearing VEX statement and remediation kind. */
function buildContent(overrides: Partial<AdvisoryContentInput> = {}): AdvisoryContent {
  return AdvisoryContent.parse({
    title: 'Remote code execution in Widget Server and Router X',
    profile: 'csaf_security_advisory',
    tlp: 'CLEAR',
    summary: 'A crafted request runs code on the server.',
    details: 'Upgrade Widget Server to 1.2.4. Router X has a workaround.',
    products: PRODUCTS,
    vulnerabilities: [
      {
        cveId: 'CVE-2026-10001',
        title: 'Deserialization in the request parser',
        notes: 'The request parser deserializes untrusted input.',
        cwe: 'CWE-502',
        cvss31: CVSS31,
        cvss40: CVSS40,
        ssvc: {
          exploitation: 'active',
          automatable: 'yes',
          technicalImpact: 'total',
          missionWellbeing: 'high',
          decision: 'act',
          vector: SSVC_VECTOR,
        },
        exploited: true,
        exploitedSince: '2026-01-10',
        statuses: [
          { productKey: 'acme-ws-1.2.3', status: 'affected' },
          { productKey: 'acme-ws-old', status: 'affected' },
          { productKey: 'globex-rx-4.0', status: 'affected' },
          { productKey: 'acme-ws-1.2.4', status: 'fixed' },
          {
            productKey: 'initech-tps-2.0',
            status: 'not_affected',
            justification: 'component_not_present',
            statement: 'TPS does not include the request parser.',
          },
          {
            productKey: 'acme-wc',
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
          { productKey: 'initech-tps-3.0', status: 'under_investigation' },
        ],
        remediations: [
          {
            category: 'vendor_fix',
            details: 'Upgrade to 1.2.4.',
            url: 'https://acme.example/widget-server/releases/1.2.4',
            productKeys: ['acme-ws-1.2.3', 'acme-ws-old'],
          },
          { category: 'workaround', details: 'Disable the API port.', productKeys: ['globex-rx-4.0'] },
          {
            category: 'mitigation',
            details: 'Filter the API port at the firewall.',
            productKeys: ['globex-rx-4.0'],
          },
        ],
        references: [{ url: 'https://acme.example/psirt/2026-01', summary: 'Acme PSIRT notice' }],
      },
      {
        cveId: 'CVE-2026-10002',
        title: 'Out-of-bounds write in the router firmware',
        notes: 'A long host name overflows a buffer.',
        cwe: 'CWE-787',
        statuses: [{ productKey: 'globex-rx', status: 'affected' }],
        remediations: [
          { category: 'none_available', details: 'No fix is available yet.', productKeys: ['globex-rx'] },
          { category: 'no_fix_planned', details: 'The product is end of life.', productKeys: ['globex-rx'] },
        ],
      },
    ],
    references: [{ url: 'https://clearinghouse.example/cases/CH-2026-0042', summary: 'Case page' }],
    acknowledgments: [
      { names: ['Ada Lovelace'], organization: 'Analytical Engines', summary: 'Found the parser flaw.' },
      { organization: 'Globex PSIRT' },
    ],
    ...overrides,
  });
}

function buildMeta(overrides: Partial<CsafDocumentMeta> = {}): CsafDocumentMeta {
  return {
    trackingId: 'CHSA-2026-0001',
    status: 'final',
    version: 2,
    revisionHistory: [
      { number: 2, date: '2026-02-01T12:00:00.000Z', summary: 'Router X workaround added.' },
      { number: 1, date: '2026-01-20T09:00:00.000Z', summary: 'Initial release.' },
    ],
    initialReleaseDate: '2026-01-20T09:00:00.000Z',
    currentReleaseDate: '2026-02-01T12:00:00.000Z',
    publisher: {
      name: 'Clearinghouse',
      namespace: 'https://clearinghouse.example',
      category: 'coordinator',
      contactDetails: 'psirt@clearinghouse.example',
    },
    generator: { name: 'Clearinghouse', version: '0.1.0', date: '2026-02-01T12:00:00.000Z' },
    selfUrl: SELF_URL,
    ...overrides,
  };
}

/** Fails with the problems listed, so that a failing run says which CSAF test objects. */
function expectValid(result: CsafValidationResult): void {
  expect(result.problems.map((p) => `${p.test} ${p.path}: ${p.message}`)).toEqual([]);
  expect(result.valid).toBe(true);
}

const testsReported = (result: CsafValidationResult): string[] => [
  ...new Set(result.problems.map((p) => p.test)),
];

const vulnerability = (doc: CsafDocument, index: number) => {
  const v = doc.vulnerabilities?.[index];
  if (v === undefined) throw new Error(`no vulnerability ${String(index)}`);
  return v;
};

// The validator compiles its schemas when first loaded, which can take longer than one test's timeout.
beforeAll(async () => {
  await csafBasicTests();
}, 60_000);

// ---- validity ----------------------------------------------------------------------------------

describe('buildCsafDocument: valid CSAF 2.0', () => {
  it.each(['csaf_security_advisory', 'csaf_vex'] as const)(
    'builds a %s that passes the schema and every mandatory test',
    async (profile) => {
      const doc = buildCsafDocument(buildContent({ profile }), buildMeta());
      expect(doc.document.category).toBe(profile);
      expectValid(await validateCsaf(doc));
    },
  );

  it.each(TLP_LABELS)('builds a valid document labelled TLP:%s', async (tlp) => {
    expectValid(await validateCsaf(buildCsafDocument(buildContent({ tlp }), buildMeta())));
  });

  it('builds a valid minimal document: no optional meta, one product, one status', async () => {
    const content = buildContent({
      summary: '',
      details: '',
      references: [],
      acknowledgments: [],
      products: [{ key: 'p1', vendor: 'Acme', product: 'Gadget', version: '1.0' }],
      vulnerabilities: [
        {
          cveId: 'CVE-2026-20000',
          title: 'A flaw',
          notes: 'Something is wrong.',
          statuses: [{ productKey: 'p1', status: 'fixed' }],
        },
      ],
    });
    const meta = buildMeta({
      status: 'draft',
      version: 1,
      revisionHistory: [{ number: 1, date: '2026-01-20T09:00:00.000Z', summary: 'Draft.' }],
      currentReleaseDate: '2026-01-20T09:00:00.000Z',
      generator: undefined,
      selfUrl: undefined,
      publisher: { name: 'Acme', namespace: 'https://acme.example', category: 'vendor' },
    });
    const doc = buildCsafDocument(content, meta);
    expect(doc.document.notes).toBeUndefined();
    expect(doc.document.references).toBeUndefined();
    expect(doc.document.acknowledgments).toBeUndefined();
    expect(doc.document.tracking.generator).toBeUndefined();
    expect(doc.document.lang).toBe('en');
    expectValid(await validateCsaf(doc));
  });
});

// ---- mappings ----------------------------------------------------------------------------------

describe('buildCsafDocument: mappings', () => {
  it.each<[Tlp, string, boolean]>([
    ['CLEAR', 'WHITE', false],
    ['GREEN', 'GREEN', false],
    ['AMBER', 'AMBER', false],
    ['AMBER+STRICT', 'AMBER', true],
    ['RED', 'RED', false],
  ])('maps TLP 2.0 %s to the CSAF 2.0 label %s', (tlp, label, explained) => {
    const { distribution } = buildCsafDocument(buildContent({ tlp }), buildMeta()).document;
    expect(distribution?.tlp).toEqual({ label, url: 'https://www.first.org/tlp/' });
    expect(distribution?.text).toBe(explained ? AMBER_STRICT_TEXT : undefined);
  });

  it('says in the distribution text that the label is AMBER+STRICT', () => {
    expect(AMBER_STRICT_TEXT).toContain('TLP:AMBER+STRICT');
  });

  it('writes the document section: profile, publisher, notes, references, acknowledgments', () => {
    const { document } = buildCsafDocument(buildContent(), buildMeta({ lang: 'de' }));
    expect(document.csaf_version).toBe('2.0');
    expect(document.lang).toBe('de');
    expect(document.title).toBe('Remote code execution in Widget Server and Router X');
    expect(document.publisher).toEqual({
      category: 'coordinator',
      name: 'Clearinghouse',
      namespace: 'https://clearinghouse.example',
      contact_details: 'psirt@clearinghouse.example',
    });
    expect(document.notes?.map((n) => n.category)).toEqual(['summary', 'details']);
    expect(document.references).toEqual([
      { category: 'self', summary: 'This CSAF document', url: SELF_URL },
      {
        category: 'external',
        summary: 'Case page',
        url: 'https://clearinghouse.example/cases/CH-2026-0042',
      },
    ]);
    expect(document.acknowledgments).toEqual([
      { names: ['Ada Lovelace'], organization: 'Analytical Engines', summary: 'Found the parser flaw.' },
      { organization: 'Globex PSIRT' },
    ]);
  });

  it('does not repeat a self reference the content already has', () => {
    const content = buildContent({ references: [{ url: SELF_URL, summary: 'Here', category: 'self' }] });
    const refs = buildCsafDocument(content, buildMeta()).document.references ?? [];
    expect(refs.filter((r) => r.url === SELF_URL)).toHaveLength(1);
  });

  it('writes the tracking with integer versions and the revision history sorted by number', () => {
    const { tracking } = buildCsafDocument(buildContent(), buildMeta()).document;
    expect(tracking).toEqual({
      id: 'CHSA-2026-0001',
      status: 'final',
      version: '2',
      revision_history: [
        { date: '2026-01-20T09:00:00.000Z', number: '1', summary: 'Initial release.' },
        { date: '2026-02-01T12:00:00.000Z', number: '2', summary: 'Router X workaround added.' },
      ],
      initial_release_date: '2026-01-20T09:00:00.000Z',
      current_release_date: '2026-02-01T12:00:00.000Z',
      generator: { engine: { name: 'Clearinghouse', version: '0.1.0' }, date: '2026-02-01T12:00:00.000Z' },
    });
  });

  it('groups the product tree by vendor and product name, versions and ranges under the name', () => {
    const tree = buildCsafDocument(buildContent(), buildMeta()).product_tree;
    expect(tree).toEqual({
      branches: [
        {
          category: 'vendor',
          name: 'Acme',
          branches: [
            {
              category: 'product_name',
              name: 'Widget Server',
              branches: [
                {
                  category: 'product_version',
                  name: '1.2.3',
                  product: {
                    product_id: 'acme-ws-1.2.3',
                    name: 'Acme Widget Server 1.2.3',
                    product_identification_helper: { purl: 'pkg:npm/widget-server@1.2.3' },
                  },
                },
                {
                  category: 'product_version_range',
                  name: 'vers:npm/>=1.0.0|<1.2.3',
                  product: {
                    product_id: 'acme-ws-old',
                    name: 'Acme Widget Server vers:npm/>=1.0.0|<1.2.3',
                    product_identification_helper: { purl: 'pkg:npm/widget-server' },
                  },
                },
                {
                  category: 'product_version',
                  name: '1.2.4',
                  product: { product_id: 'acme-ws-1.2.4', name: 'Acme Widget Server 1.2.4' },
                },
              ],
            },
            {
              category: 'product_name',
              name: 'Widget Client',
              product: {
                product_id: 'acme-wc',
                name: 'Acme Widget Client',
                product_identification_helper: { cpe: 'cpe:2.3:a:acme:widget_client:*:*:*:*:*:*:*:*' },
              },
            },
          ],
        },
        {
          category: 'vendor',
          name: 'Globex',
          branches: [
            {
              category: 'product_name',
              name: 'Router X',
              product: {
                product_id: 'globex-rx',
                name: 'Globex Router X',
                product_identification_helper: { model_numbers: ['RX-1'] },
              },
            },
            {
              category: 'product_name',
              name: 'Router X',
              branches: [
                {
                  category: 'product_version',
                  name: '4.0',
                  product: {
                    product_id: 'globex-rx-4.0',
                    name: 'Globex Router X 4.0',
                    product_identification_helper: { model_numbers: ['RX-100', 'RX-200'] },
                  },
                },
              ],
            },
          ],
        },
        {
          category: 'vendor',
          name: 'Initech',
          branches: [
            {
              category: 'product_name',
              name: 'TPS',
              branches: [
                {
                  category: 'product_version',
                  name: '2.0',
                  product: { product_id: 'initech-tps-2.0', name: 'Initech TPS 2.0' },
                },
                {
                  category: 'product_version',
                  name: '3.0',
                  product: { product_id: 'initech-tps-3.0', name: 'Initech TPS 3.0' },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('maps statuses to product_status, justifications to flags and statements to impact threats', () => {
    const v = vulnerability(buildCsafDocument(buildContent(), buildMeta()), 0);
    expect(v.product_status).toEqual({
      known_affected: ['acme-ws-1.2.3', 'acme-ws-old', 'globex-rx-4.0'],
      known_not_affected: ['initech-tps-2.0', 'acme-wc'],
      fixed: ['acme-ws-1.2.4'],
      under_investigation: ['initech-tps-3.0'],
    });
    expect(v.flags).toEqual([
      { label: 'component_not_present', product_ids: ['initech-tps-2.0'] },
      { label: 'vulnerable_code_not_in_execute_path', product_ids: ['acme-wc'] },
    ]);
    expect(v.threats).toEqual([
      {
        category: 'impact',
        details: 'TPS does not include the request parser.',
        product_ids: ['initech-tps-2.0'],
      },
      {
        category: 'exploit_status',
        details: 'Exploited in the wild since 2026-01-10.',
        date: '2026-01-10T00:00:00.000Z',
      },
    ]);
  });

  it('puts products with one justification into one flag', () => {
    const content = buildContent();
    const first = content.vulnerabilities[0];
    if (first === undefined) throw new Error('fixture');
    first.statuses = first.statuses.map((s) =>
      s.status === 'not_affected' ? { ...s, justification: 'component_not_present' } : s,
    );
    expect(vulnerability(buildCsafDocument(content, buildMeta()), 0).flags).toEqual([
      { label: 'component_not_present', product_ids: ['initech-tps-2.0', 'acme-wc'] },
    ]);
  });

  it('scores the CVSS v3.1 vector for the affected and fixed products, with the computed base score', () => {
    const doc = buildCsafDocument(buildContent(), buildMeta());
    expect(vulnerability(doc, 0).scores).toEqual([
      {
        cvss_v3: { version: '3.1', vectorString: CVSS31, baseScore: 9.8, baseSeverity: 'CRITICAL' },
        products: ['acme-ws-1.2.3', 'acme-ws-old', 'globex-rx-4.0', 'acme-ws-1.2.4'],
      },
    ]);
    expect(vulnerability(doc, 1).scores).toBeUndefined();
  });

  it('leaves out the score when no product is affected or fixed', () => {
    const content = buildContent();
    const first = content.vulnerabilities[0];
    if (first === undefined) throw new Error('fixture');
    first.statuses = first.statuses.filter(
      (s) => s.status === 'not_affected' || s.status === 'under_investigation',
    );
    expect(vulnerability(buildCsafDocument(content, buildMeta()), 0).scores).toBeUndefined();
  });

  it('carries CVSS v4.0 and SSVC, which CSAF 2.0 has no field for, as notes', () => {
    const v = vulnerability(buildCsafDocument(buildContent(), buildMeta()), 0);
    expect(v.notes).toEqual([
      {
        category: 'description',
        text: 'The request parser deserializes untrusted input.',
        title: 'Description',
      },
      { category: 'other', text: CVSS40, title: 'CVSS v4.0' },
      { category: 'other', text: SSVC_VECTOR, title: 'SSVC' },
    ]);
  });

  it('names the CWE from the catalogue and keeps CVE, title, remediations and references', () => {
    const doc = buildCsafDocument(buildContent(), buildMeta());
    const v = vulnerability(doc, 0);
    expect(v.cve).toBe('CVE-2026-10001');
    expect(v.title).toBe('Deserialization in the request parser');
    expect(v.cwe).toEqual({ id: 'CWE-502', name: findCwe('CWE-502')?.name });
    expect(v.cwe?.name).toMatch(/Deserialization/);
    expect(v.remediations).toEqual([
      {
        category: 'vendor_fix',
        details: 'Upgrade to 1.2.4.',
        url: 'https://acme.example/widget-server/releases/1.2.4',
        product_ids: ['acme-ws-1.2.3', 'acme-ws-old'],
      },
      { category: 'workaround', details: 'Disable the API port.', product_ids: ['globex-rx-4.0'] },
      {
        category: 'mitigation',
        details: 'Filter the API port at the firewall.',
        product_ids: ['globex-rx-4.0'],
      },
    ]);
    expect(vulnerability(doc, 1).remediations?.map((r) => r.category)).toEqual([
      'none_available',
      'no_fix_planned',
    ]);
    expect(v.references).toEqual([
      { category: 'external', summary: 'Acme PSIRT notice', url: 'https://acme.example/psirt/2026-01' },
    ]);
    expect(vulnerability(doc, 1).references).toBeUndefined();
    expect(vulnerability(doc, 1).threats).toBeUndefined();
  });

  it('leaves out a CWE the catalogue does not know and a CVSS vector that does not parse', () => {
    const content = buildContent();
    const first = content.vulnerabilities[0];
    if (first === undefined) throw new Error('fixture');
    first.cwe = 'CWE-999999';
    first.cvss31 = 'CVSS:3.1/AV:N';
    const v = vulnerability(buildCsafDocument(content, buildMeta()), 0);
    expect(v.cwe).toBeUndefined();
    expect(v.scores).toBeUndefined();
  });

  it('writes no empty arrays and no undefined values', () => {
    const doc = buildCsafDocument(buildContent(), buildMeta());
    const walk = (value: unknown, at: string): string[] => {
      if (value === undefined) return [at];
      if (Array.isArray(value)) {
        return value.length === 0 ? [at] : value.flatMap((v, i) => walk(v, `${at}/${String(i)}`));
      }
      if (typeof value === 'object' && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => walk(v, `${at}/${k}`));
      }
      return [];
    };
    expect(walk(doc, '')).toEqual([]);
  });
});

// ---- determinism -------------------------------------------------------------------------------

describe('buildCsafDocument: determinism', () => {
  it('gives the same JSON for the same input, with keys in a fixed order', () => {
    const a = JSON.stringify(buildCsafDocument(buildContent(), buildMeta()));
    const b = JSON.stringify(buildCsafDocument(structuredClone(buildContent()), buildMeta()));
    expect(b).toBe(a);
    const doc = buildCsafDocument(buildContent(), buildMeta());
    expect(Object.keys(doc)).toEqual(['document', 'product_tree', 'vulnerabilities']);
    expect(Object.keys(doc.document)).toEqual([
      'category',
      'csaf_version',
      'title',
      'lang',
      'publisher',
      'distribution',
      'tracking',
      'notes',
      'references',
      'acknowledgments',
    ]);
    expect(Object.keys(vulnerability(doc, 0))).toEqual([
      'cve',
      'cwe',
      'title',
      'notes',
      'product_status',
      'flags',
      'threats',
      'remediations',
      'scores',
      'references',
    ]);
  });

  it('does not depend on the order of the revision history it is given', () => {
    const meta = buildMeta();
    const reversed = buildMeta({ revisionHistory: [...meta.revisionHistory].reverse() });
    expect(JSON.stringify(buildCsafDocument(buildContent(), reversed))).toBe(
      JSON.stringify(buildCsafDocument(buildContent(), meta)),
    );
  });
});

// ---- missing content -------------------------------------------------------------------------

describe('buildCsafDocument: content missing what the profile needs', () => {
  const affectedOnly = (): AdvisoryProduct[] => [
    {
      key: 'p1',
      vendor: 'Acme',
      product: 'Gadget',
      version: '1.0',
      range: null,
      purl: null,
      cpe: null,
      modelNumbers: [],
    },
  ];

  it('leaves out what a VEX document lacks, so that validation reports it', async () => {
    const content = buildContent({
      profile: 'csaf_vex',
      products: [],
      vulnerabilities: [
        {
          title: 'No CVE, no notes, no action statement',
          statuses: [{ productKey: 'p1', status: 'affected' }],
        },
        { cveId: 'CVE-2026-30000', title: 'No status at all', notes: 'Known, nothing stated.' },
      ],
    });
    const doc = buildCsafDocument(content, buildMeta());
    expect(doc.product_tree).toBeUndefined();
    const first = vulnerability(doc, 0);
    expect(first.cve).toBeUndefined();
    expect(first.notes).toBeUndefined();
    expect(first.remediations).toBeUndefined();
    expect(vulnerability(doc, 1).product_status).toBeUndefined();

    const result = await validateCsaf(doc);
    expect(result.valid).toBe(false);
    expect(testsReported(result)).toEqual(
      expect.arrayContaining(['6.1.27.4', '6.1.27.5', '6.1.27.7', '6.1.27.8']),
    );
  });

  it('reports a known_affected product of a VEX document without an action statement (6.1.27.10)', async () => {
    const content = buildContent({
      profile: 'csaf_vex',
      products: affectedOnly(),
      vulnerabilities: [
        {
          cveId: 'CVE-2026-30001',
          title: 'Affected, no remediation',
          notes: 'Nothing to do yet.',
          statuses: [{ productKey: 'p1', status: 'affected' }],
        },
      ],
    });
    const result = await validateCsaf(buildCsafDocument(content, buildMeta()));
    expect(result.problems).toEqual([
      {
        test: '6.1.27.10',
        path: '/vulnerabilities/0/product_status/known_affected/0',
        message: 'no suitable action statement found',
      },
    ]);
  });

  it('accepts the same document as a security advisory, which needs no action statement', async () => {
    const content = buildContent({
      products: affectedOnly(),
      vulnerabilities: [
        {
          cveId: 'CVE-2026-30001',
          title: 'Affected, no remediation',
          notes: 'Nothing to do yet.',
          statuses: [{ productKey: 'p1', status: 'affected' }],
        },
      ],
    });
    expectValid(await validateCsaf(buildCsafDocument(content, buildMeta())));
  });

  it('reports a security advisory vulnerability without product status (6.1.27.6)', async () => {
    const content = buildContent({
      vulnerabilities: [{ cveId: 'CVE-2026-30002', title: 'No status', notes: 'Nothing stated.' }],
    });
    expect(testsReported(await validateCsaf(buildCsafDocument(content, buildMeta())))).toEqual(['6.1.27.6']);
  });
});
