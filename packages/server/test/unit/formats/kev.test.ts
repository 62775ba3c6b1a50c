import { describe, expect, it } from 'vitest';
import { buildKevCatalog, KevError, type KevEntryInput } from '../../../src/formats/kev.js';

const buildEntry = (overrides: Partial<KevEntryInput> = {}): KevEntryInput => ({
  cveId: 'CVE-2026-10001',
  vendorProject: 'Example',
  product: 'Widget',
  vulnerabilityName: 'Example Widget Path Traversal Vulnerability',
  dateAdded: '2026-03-01',
  shortDescription: 'Example Widget contains a path traversal vulnerability.',
  requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product.',
  dueDate: '2026-03-22',
  ...overrides,
});

const catalogInput = (entries: KevEntryInput[]) => ({
  title: 'Clearinghouse Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2026.03.05',
  dateReleased: new Date('2026-03-05T14:02:03.456Z'),
  entries,
});

/** The members and JSON types of CISA's KEV catalog and of one of its entries, in CISA's order. */
const CATALOG_FIELDS = { title: 'string', catalogVersion: 'string', dateReleased: 'string', count: 'number' };
const ENTRY_FIELDS = {
  cveID: 'string',
  vendorProject: 'string',
  product: 'string',
  vulnerabilityName: 'string',
  dateAdded: 'string',
  shortDescription: 'string',
  requiredAction: 'string',
  dueDate: 'string',
  knownRansomwareCampaignUse: 'string',
  notes: 'string',
  cwes: 'array',
};
const jsonType = (value: unknown): string => (Array.isArray(value) ? 'array' : typeof value);

describe('buildKevCatalog', () => {
  it("has exactly CISA's members, with CISA's types and formats", () => {
    const catalog = buildKevCatalog(
      catalogInput([
        buildEntry({ notes: ['https://example.com/a', 'https://example.com/b'], cwes: ['CWE-22'] }),
      ]),
    );
    // A JSON round trip: what a reader of the feed gets.
    const json = JSON.parse(JSON.stringify(catalog)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([...Object.keys(CATALOG_FIELDS), 'vulnerabilities']);
    for (const [field, type] of Object.entries(CATALOG_FIELDS)) expect(jsonType(json[field])).toBe(type);
    expect(Number.isInteger(json.count)).toBe(true);
    expect(json.dateReleased).toBe('2026-03-05T14:02:03.456Z');

    const [entry] = json.vulnerabilities as Record<string, unknown>[];
    expect(entry).toBeDefined();
    expect(Object.keys(entry ?? {})).toEqual(Object.keys(ENTRY_FIELDS));
    for (const [field, type] of Object.entries(ENTRY_FIELDS)) expect(jsonType(entry?.[field])).toBe(type);
    expect(entry).toEqual({
      cveID: 'CVE-2026-10001',
      vendorProject: 'Example',
      product: 'Widget',
      vulnerabilityName: 'Example Widget Path Traversal Vulnerability',
      dateAdded: '2026-03-01',
      shortDescription: 'Example Widget contains a path traversal vulnerability.',
      requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product.',
      dueDate: '2026-03-22',
      knownRansomwareCampaignUse: 'Unknown',
      notes: 'https://example.com/a ; https://example.com/b',
      cwes: ['CWE-22'],
    });
  });

  it('writes dates as YYYY-MM-DD (the UTC date of a time) and the release as a UTC date-time', () => {
    const catalog = buildKevCatalog({
      ...catalogInput([
        buildEntry({ dateAdded: new Date('2026-03-01T23:30:00-05:00'), dueDate: '2026-03-22T08:00:00Z' }),
      ]),
      dateReleased: '2026-03-05T09:02:03+02:00',
    });
    expect(catalog.dateReleased).toBe('2026-03-05T07:02:03.000Z');
    expect(catalog.vulnerabilities[0]?.dateAdded).toBe('2026-03-02');
    expect(catalog.vulnerabilities[0]?.dueDate).toBe('2026-03-22');
  });

  it("writes ransomware use as 'Known' or 'Unknown' only", () => {
    const uses = [true, false, null, undefined, 'Known', 'Unknown'] as const;
    const catalog = buildKevCatalog(
      catalogInput(uses.map((use) => buildEntry({ knownRansomwareCampaignUse: use }))),
    );
    expect(catalog.vulnerabilities.map((v) => v.knownRansomwareCampaignUse)).toEqual([
      'Known',
      'Unknown',
      'Unknown',
      'Unknown',
      'Known',
      'Unknown',
    ]);
  });

  it('normalizes CWE ids and leaves empty notes and CWEs as empty values, not missing ones', () => {
    const [withCwes, bare] = buildKevCatalog(
      catalogInput([buildEntry({ cwes: ['79', 'cwe-079', 'CWE-352'], notes: 'see vendor' }), buildEntry()]),
    ).vulnerabilities;
    expect(withCwes?.cwes).toEqual(['CWE-79', 'CWE-352']);
    expect(withCwes?.notes).toBe('see vendor');
    expect(bare?.cwes).toEqual([]);
    expect(bare?.notes).toBe('');
  });

  it('lists the newest additions first, keeping the input order within a day, and counts them', () => {
    const entries = [
      buildEntry({ cveId: 'CVE-2026-0001', dateAdded: '2026-01-10' }),
      buildEntry({ cveId: 'CVE-2026-0002', dateAdded: '2026-03-01' }),
      buildEntry({ cveId: 'CVE-2026-0003', dateAdded: '2026-02-14' }),
      buildEntry({ cveId: 'CVE-2026-0004', dateAdded: '2026-03-01' }),
      buildEntry({ cveId: 'CVE-2026-0005', dateAdded: '2026-01-10' }),
      buildEntry({ cveId: 'CVE-2026-0006', dateAdded: '2026-03-01' }),
    ];
    const catalog = buildKevCatalog(catalogInput(entries));
    expect(catalog.vulnerabilities.map((v) => v.cveID)).toEqual([
      'CVE-2026-0002',
      'CVE-2026-0004',
      'CVE-2026-0006',
      'CVE-2026-0003',
      'CVE-2026-0001',
      'CVE-2026-0005',
    ]);
    expect(catalog.count).toBe(6);
  });

  it('gives an empty catalog for no entries', () => {
    expect(buildKevCatalog(catalogInput([]))).toMatchObject({ count: 0, vulnerabilities: [] });
  });

  it('refuses a malformed CVE id, date or CWE id', () => {
    expect(() => buildKevCatalog(catalogInput([buildEntry({ cveId: 'CVE-26-1' })]))).toThrow(KevError);
    expect(() => buildKevCatalog(catalogInput([buildEntry({ dateAdded: '2026-02-30' })]))).toThrow(
      /entries\[0\]\.dateAdded/,
    );
    expect(() => buildKevCatalog(catalogInput([buildEntry({ dueDate: 'soon' })]))).toThrow(KevError);
    expect(() => buildKevCatalog(catalogInput([buildEntry({ cwes: ['XSS'] })]))).toThrow(/not a CWE id/);
    expect(() => buildKevCatalog({ ...catalogInput([]), dateReleased: 'yesterday' })).toThrow(KevError);
  });
});
