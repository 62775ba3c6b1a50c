import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeInventoryCsv, parseCsv } from '../../src/matching/inventory/csv.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/inventory');
/** Written by a spreadsheet: UTF-8 byte order mark, CRLF, quoted commas and quotes, a blank row. */
const hospital = readFileSync(path.join(fixtures, 'rural-hospital.csv'), 'utf8');

describe('a rural hospital spreadsheet', () => {
  // Git may store the fixture with LF line ends; both must read the same.
  const variants = {
    CRLF: hospital.replace(/\r?\n/g, '\r\n'),
    LF: hospital.replace(/\r\n/g, '\n'),
  };
  for (const [ending, text] of Object.entries(variants)) {
    it(`reads vendor, product, version, model number and site (${ending})`, () => {
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const parsed = parseCsv(text);
      expect(parsed.problems).toEqual([]);
      expect(parsed).toMatchObject({ format: 'csv', specVersion: null });
      expect(parsed.components).toHaveLength(6);
      expect(parsed.components[0]).toEqual({
        name: 'Sigma Spectrum Infusion Pump',
        vendor: 'Baxter',
        version: '8.01.01',
        purl: null,
        cpe: null,
        modelNumber: '35700BAX',
        hashes: [],
        site: 'Main Building, 2nd Floor ICU',
      });
      expect(parsed.components.map((c) => c.name)).toContain('ACUSON Juniper "Ultrasound"');
      expect(parsed.components.find((c) => c.vendor === 'Microsoft')).toMatchObject({
        modelNumber: null,
        site: 'Admin Office',
      });
    });
  }

  it('reads the same sheet saved with semicolons', () => {
    const text =
      '\uFEFFHersteller;Product;Version;Model_Number;Location\r\nSiemens;"SIMATIC S7-1200; CPU 1214C";4.5.2;6ES7214-1AG40-0XB0;Pumphouse\r\n';
    const parsed = parseCsv(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.components).toEqual([
      {
        name: 'SIMATIC S7-1200; CPU 1214C',
        vendor: null, // "Hersteller" is not a recognized column: ignored
        version: '4.5.2',
        purl: null,
        cpe: null,
        modelNumber: '6ES7214-1AG40-0XB0',
        hashes: [],
        site: 'Pumphouse',
      },
    ]);
  });

  it('takes name and version from a purl when the row has only that', () => {
    const parsed = parseCsv('purl,site\npkg:npm/lodash@4.17.20,Web server\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.components[0]).toMatchObject({
      name: 'lodash',
      version: '4.17.20',
      purl: 'pkg:npm/lodash@4.17.20',
      site: 'Web server',
    });
  });

  it('keeps the same product at two sites as two components, and merges a repeated row', () => {
    const parsed = parseCsv(
      'vendor,product,version,site\nAcme,Pump,1.0,North\nAcme,Pump,1.0,South\nacme,pump,1.0,North\n',
    );
    expect(parsed.components.map((c) => c.site)).toEqual(['North', 'South']);
    expect(parsed.problems).toEqual([
      {
        location: 'line 4',
        severity: 'warning',
        message: 'the same component as at line 2 (Pump 1.0); merged into it',
      },
    ]);
  });
});

describe('bad spreadsheets', () => {
  it('lists every problem with its line and column', () => {
    const text = [
      'Vendor,Product,Version,PURL,CPE,Model Number,Site',
      'Acme,Good,1.0,,,,',
      'Acme,,2.0,,,,Clinic',
      'Acme,Bad purl,1.0,npm/lodash,,,',
      '',
      'Acme,Bad cpe,1.0,,cpe:2.3:a:acme,,',
      `Acme,Long version,${'9'.repeat(101)},,,,`,
      '"Acme","Multi',
      'line name",1.0,,cpe:/a:acme:multi:1.0,,',
      'Acme,After multiline,1.0,,not-a-cpe,,',
    ].join('\r\n');
    const parsed = parseCsv(text);
    expect(parsed.problems).toEqual([
      { location: 'line 3', severity: 'error', message: 'the row has no product name and no purl' },
      {
        location: 'line 4, column PURL',
        severity: 'error',
        message: expect.stringMatching(/^not a valid purl: /) as unknown,
      },
      {
        location: 'line 6, column CPE',
        severity: 'error',
        message: 'not a valid CPE name: a CPE 2.3 name has 13 colon-separated parts, this one has 4',
      },
      {
        location: 'line 7, column Version',
        severity: 'error',
        message: 'the version is longer than 100 characters',
      },
      {
        location: 'line 10, column CPE',
        severity: 'error',
        message: 'not a valid CPE name: a CPE name starts with "cpe:2.3:" (CPE 2.3) or "cpe:/" (CPE 2.2)',
      },
    ]);
    // The multi-line row itself is fine, and its CPE 2.2 URI was converted.
    expect(parsed.components.find((c) => c.name === 'Multi\r\nline name')?.cpe).toBe(
      'cpe:2.3:a:acme:multi:1.0:*:*:*:*:*:*:*',
    );
  });

  it('refuses a header without a product or purl column, naming the columns it found', () => {
    const parsed = parseCsv('vendor,version\nAcme,1.0\n');
    expect(parsed.problems).toEqual([
      {
        location: 'line 1',
        severity: 'error',
        message:
          'No product column: the header needs a column named product, name or component (or purl); found "vendor", "version"',
      },
    ]);
  });

  it('reports a quote that is never closed', () => {
    const parsed = parseCsv('product,version\nPump,1.0\n"Monitor,2.0\nScanner,3.0\n');
    expect(parsed.problems).toEqual([
      {
        location: 'line 3',
        severity: 'error',
        message: 'CSV syntax: a quoted field that starts on this line is never closed',
      },
    ]);
    // A stray quote inside an unquoted field is text, as a spreadsheet means it.
    expect(parseCsv('product\n12" display\n').components[0]?.name).toBe('12" display');
  });

  it('warns about two columns that mean the same', () => {
    const parsed = parseCsv('Manufacturer,Vendor,Product\nAcme,Other,Pump\n');
    expect(parsed.components[0]?.vendor).toBe('Acme');
    expect(parsed.problems).toEqual([
      {
        location: 'line 1, column Vendor',
        severity: 'warning',
        message: 'columns "Manufacturer" and "Vendor" mean the same; "Manufacturer" is used',
      },
    ]);
  });

  it('refuses an empty file and warns about a header without rows', () => {
    expect(parseCsv('').problems).toEqual([
      {
        location: 'line 1',
        severity: 'error',
        message: 'The file is empty: a CSV inventory starts with a header row.',
      },
    ]);
    expect(parseCsv('product,version\r\n').problems).toEqual([
      { location: '/', severity: 'warning', message: 'The file lists no components.' },
    ]);
  });
});

describe('looksLikeInventoryCsv', () => {
  it('recognizes inventory headers only', () => {
    expect(looksLikeInventoryCsv('\uFEFFVendor;Product Name;Version\r\n')).toBe(true);
    expect(looksLikeInventoryCsv('component_name,model-number\n')).toBe(true);
    expect(looksLikeInventoryCsv('date,amount\n2026-01-01,3\n')).toBe(false);
    expect(looksLikeInventoryCsv('Hello, this is a letter.\n')).toBe(false);
  });
});
