import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsafSummary, type CsafSummary } from '../../../src/formats/csaf-read.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const examplesDir = path.resolve(repoRoot, '..', 'shared', 'standards', 'csaf-2.0', 'examples', 'csaf');

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const readExample = (name: string): CsafSummary => readCsafSummary(readJson(path.join(examplesDir, name)));

/** The official advisories, relative to examples/csaf (csaf_vex/ included). */
const examples = readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.json'))
  .sort();

/** A product by id, failing the test when there is none. */
function productOf(summary: CsafSummary, productId: string) {
  const product = summary.products.find((p) => p.productId === productId);
  if (product === undefined) throw new Error(`no product ${productId}`);
  return product;
}

/** A minimal document, to which each test adds what it is about. */
const minimal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  document: {
    category: 'csaf_vex',
    csaf_version: '2.0',
    title: 'Test',
    publisher: { category: 'vendor', name: 'Acme', namespace: 'https://acme.example' },
    tracking: {
      id: 'ACME-1',
      status: 'final',
      version: '1',
      revision_history: [{ number: '1', date: '2026-01-01T00:00:00Z', summary: 'Initial' }],
      initial_release_date: '2026-01-01T00:00:00Z',
      current_release_date: '2026-01-01T00:00:00Z',
    },
  },
  ...extra,
});

describe('readCsafSummary: the official examples', () => {
  it('has the examples, csaf_vex/ included', () => {
    expect(examples).toHaveLength(19);
    expect(examples.filter((name) => name.startsWith('csaf_vex/'))).toHaveLength(13);
  });

  it.each(examples)('reads %s without issues, every referenced product defined', (name) => {
    const summary = readExample(name);
    expect(summary.issues).toEqual([]);
    expect(summary.trackingId).toEqual(expect.any(String));
    expect(summary.products.length).toBeGreaterThan(0);
    const ids = summary.products.map((p) => p.productId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads the identity of bsi-2022-0001 and its six versions under vendor and product name', () => {
    const summary = readExample('bsi-2022-0001.json');
    expect(summary).toMatchObject({
      trackingId: 'BSI-2022-0001',
      category: 'csaf_security_advisory',
      tlp: 'WHITE',
      version: '1',
      status: 'final',
      cves: ['CVE-2022-27193'],
    });
    expect(summary.publisherName).toEqual(expect.any(String));
    expect(summary.publisherNamespace).toMatch(/^https:\/\//);
    expect(summary.initialReleaseDate).toMatch(/^2022-/);
    expect(summary.products).toHaveLength(6);
    expect(productOf(summary, 'CSAFPID-0001')).toEqual({
      productId: 'CSAFPID-0001',
      name: 'CSAF Tools CVRF-CSAF-Converter 1.0.0-alpha',
      vendor: 'CSAF Tools',
      product: 'CVRF-CSAF-Converter',
      version: '1.0.0-alpha',
      cpe: 'cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha',
      modelNumbers: [],
    });
    const [vulnerability] = summary.vulnerabilities;
    expect(vulnerability?.knownAffected).toHaveLength(5);
    expect(vulnerability?.fixed).toHaveLength(1);
    expect(vulnerability?.maxBaseScore).toBe(6.1);
  });

  it('reads all 259 products of the Cisco advisory', () => {
    const summary = readExample('cisco-sa-20180328-smi2.json');
    expect(summary.trackingId).toBe('cisco-sa-20180328-smi2');
    expect(summary.products).toHaveLength(259);
    expect(summary.vulnerabilities[0]?.maxBaseScore).toBe(9.8);
  });

  it('reads products defined by relationships (rhsa-2022_0011: ten in branches, fifteen relationships)', () => {
    const summary = readExample('rhsa-2022_0011.json');
    expect(summary.trackingId).toBe('RHSA-2022:0011');
    expect(summary.products).toHaveLength(25);
    expect(productOf(summary, '7Server-7.6.AUS:telnet-1:0.17-65.el7_6.src')).toEqual({
      productId: '7Server-7.6.AUS:telnet-1:0.17-65.el7_6.src',
      name: 'telnet-1:0.17-65.el7_6.src as a component of Red Hat Enterprise Linux Server AUS (v. 7.6)',
      modelNumbers: [],
    });
    expect(summary.vulnerabilities[0]?.fixed).toHaveLength(15);
  });

  it('reads version ranges and the recommended list of a VEX document (2022-evd-uc-08-001)', () => {
    const summary = readExample('csaf_vex/2022-evd-uc-08-001.json');
    expect(summary.trackingId).toBe('2022-EVD-UC-08-001');
    expect(summary.category).toBe('csaf_vex');
    expect(summary.products).toHaveLength(11);
    expect(productOf(summary, 'CSAFPID-0004')).toMatchObject({
      vendor: 'Example Company',
      product: 'ABC',
      range: 'vers:generic/>=2.9|<=4.1',
    });
    expect(summary.cves).toEqual(['CVE-2021-44228', 'CVE-2021-45105']);
    expect(summary.vulnerabilities[0]).toMatchObject({
      cve: 'CVE-2021-44228',
      knownAffected: ['CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004', 'CSAFPID-0008'],
      knownNotAffected: ['CSAFPID-0001', 'CSAFPID-0005', 'CSAFPID-0006', 'CSAFPID-0007', 'CSAFPID-0009'],
      fixed: ['CSAFPID-0010', 'CSAFPID-0011'],
      underInvestigation: [],
      recommended: ['CSAFPID-0011'],
      maxBaseScore: 10,
    });
  });

  it('reads the statuses of every vulnerability (2022-evd-uc-02-na-001: nineteen CVEs, one product)', () => {
    const summary = readExample('csaf_vex/2022-evd-uc-02-na-001.json');
    expect(summary.cves).toHaveLength(19);
    expect(summary.products).toHaveLength(1);
    expect(summary.vulnerabilities.every((v) => v.knownNotAffected.length === 1)).toBe(true);
    expect(summary.vulnerabilities.every((v) => v.maxBaseScore === null)).toBe(true);
  });
});

describe('readCsafSummary: product status', () => {
  it('folds first/last affected into known affected and first fixed into fixed', () => {
    const summary = readCsafSummary(
      minimal({
        product_tree: {
          full_product_names: ['a', 'b', 'c', 'd', 'e'].map((id) => ({
            product_id: id,
            name: `Product ${id}`,
          })),
        },
        vulnerabilities: [
          {
            cve: 'CVE-2026-0001',
            product_status: {
              first_affected: ['a'],
              last_affected: ['b'],
              known_affected: ['a'],
              first_fixed: ['c'],
              fixed: ['d'],
              under_investigation: ['e'],
            },
            scores: [
              { products: ['a'], cvss_v3: { baseScore: 5.5 } },
              { products: ['b'], cvss_v3: { baseScore: 7.1 } },
              { products: ['b'], cvss_v2: { baseScore: 10 } },
            ],
          },
        ],
      }),
    );
    expect(summary.issues).toEqual([]);
    expect(summary.vulnerabilities).toEqual([
      {
        cve: 'CVE-2026-0001',
        title: null,
        knownAffected: ['a', 'b'],
        knownNotAffected: [],
        fixed: ['c', 'd'],
        underInvestigation: ['e'],
        recommended: [],
        maxBaseScore: 7.1,
      },
    ]);
  });

  it('names a product status that refers to an undefined product', () => {
    const summary = readCsafSummary(minimal({ vulnerabilities: [{ product_status: { fixed: ['ghost'] } }] }));
    expect(summary.vulnerabilities[0]?.fixed).toEqual(['ghost']);
    expect(summary.issues).toEqual(['/vulnerabilities/0/product_status: product id "ghost" is not defined']);
  });

  it('keeps the first of two definitions of one product id and names the second', () => {
    const summary = readCsafSummary(
      minimal({
        product_tree: {
          full_product_names: [
            { product_id: 'x', name: 'First' },
            { product_id: 'x', name: 'Second' },
          ],
        },
      }),
    );
    expect(summary.products.map((p) => p.name)).toEqual(['First']);
    expect(summary.issues).toEqual([
      '/product_tree/full_product_names/1/product_id: product id "x" is defined more than once',
    ]);
  });

  it('reads purl, cpe and model numbers from the identification helper', () => {
    const summary = readCsafSummary(
      minimal({
        product_tree: {
          branches: [
            {
              category: 'vendor',
              name: 'Acme',
              branches: [
                {
                  category: 'product_family',
                  name: 'Routers',
                  branches: [
                    {
                      category: 'product_name',
                      name: 'R1',
                      product: {
                        product_id: 'r1',
                        name: 'Acme R1',
                        product_identification_helper: {
                          purl: 'pkg:generic/acme/r1',
                          cpe: 'cpe:2.3:h:acme:r1:*:*:*:*:*:*:*:*',
                          model_numbers: ['R1-A', 7],
                        },
                      },
                    },
                  ],
                },
              ],
            },
          ],
        },
      }),
    );
    expect(summary.products).toEqual([
      {
        productId: 'r1',
        name: 'Acme R1',
        vendor: 'Acme',
        product: 'R1',
        purl: 'pkg:generic/acme/r1',
        cpe: 'cpe:2.3:h:acme:r1:*:*:*:*:*:*:*:*',
        modelNumbers: ['R1-A'],
      },
    ]);
    expect(summary.issues).toEqual([
      '/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/model_numbers/1: not a string',
    ]);
  });
});

describe('readCsafSummary: schema-invalid input', () => {
  const garbage: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'CSAF'],
    ['an array', [1, 2, 3]],
    ['an empty object', {}],
    ['a document of the wrong types', { document: 'x', product_tree: [], vulnerabilities: {} }],
    [
      'nulls everywhere',
      {
        document: { tracking: null, publisher: null, distribution: { tlp: null } },
        product_tree: { branches: [null, { branches: null, product: null }], relationships: [null, {}] },
        vulnerabilities: [null, { product_status: null, scores: [null, { cvss_v3: null }] }],
      },
    ],
    [
      'wrong types inside',
      {
        document: { title: 7, tracking: { id: ['x'], version: 1 }, publisher: { name: {} } },
        product_tree: { full_product_names: [{ product_id: 1, name: 2 }], branches: 'no' },
        vulnerabilities: [{ cve: 12, product_status: { known_affected: 'all' }, scores: 'high' }],
      },
    ],
  ];

  it.each(garbage)('does not throw on %s, and names the issues', (_, input) => {
    const summary = readCsafSummary(input);
    expect(summary.issues.length).toBeGreaterThan(0);
    expect(summary.products).toEqual([]);
    expect(summary.cves).toEqual([]);
  });

  it('returns what it can read beside what it cannot', () => {
    const doc = minimal({ vulnerabilities: [{ cve: 'CVE-2026-0002' }, 'not a vulnerability'] });
    const tracking = (doc.document as { tracking: Record<string, unknown> }).tracking;
    tracking.version = 2;
    const summary = readCsafSummary(doc);
    expect(summary.trackingId).toBe('ACME-1');
    expect(summary.version).toBeNull();
    expect(summary.cves).toEqual(['CVE-2026-0002']);
    expect(summary.issues).toEqual([
      '/document/tracking/version: not a non-empty string',
      '/vulnerabilities/1: not an object',
    ]);
  });

  it('stops at a branch that contains itself', () => {
    const branch: Record<string, unknown> = { category: 'vendor', name: 'Loop' };
    branch.branches = [branch];
    const summary = readCsafSummary(minimal({ product_tree: { branches: [branch] } }));
    expect(summary.issues).toEqual(['/product_tree/branches/0/branches/0: a branch that contains itself']);
  });

  it('does not throw when reading the input itself throws', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no access');
        },
      },
    );
    const summary = readCsafSummary(hostile);
    expect(summary.trackingId).toBeNull();
    expect(summary.issues).toEqual(['/: could not be read (no access)']);
  });
});
