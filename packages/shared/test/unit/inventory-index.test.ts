import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCpeShape, splitCpe23 } from '../../src/matching/inventory/cpe-shape.js';
import { checkHash } from '../../src/matching/inventory/hashes.js';
import {
  componentFingerprint,
  identityKey,
  MAX_INVENTORY_COMPONENTS,
  MAX_LISTED_PROBLEMS,
  parseCycloneDx,
  parseInventory,
} from '../../src/matching/index.js';
import type { ComponentIdentity } from '../../src/matching/types.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/inventory');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

function component(overrides: Partial<ComponentIdentity>): ComponentIdentity {
  return {
    name: 'x',
    vendor: null,
    version: null,
    purl: null,
    cpe: null,
    modelNumber: null,
    hashes: [],
    site: null,
    ...overrides,
  };
}

describe('parseInventory recognizes the format by content', () => {
  it.each([
    ['cyclonedx-npm.1.6.cdx.json', 'cyclonedx'],
    ['npm-sbom.cdx.json', 'cyclonedx'],
    ['npm-sbom.spdx.json', 'spdx'],
    ['npm-project.package-lock.json', 'package-lock'],
    ['rural-hospital.csv', 'csv'],
  ])('%s → %s, whatever the filename says', (file, format) => {
    const parsed = parseInventory(fixture(file), { filename: 'upload.bin' });
    expect(parsed.format).toBe(format);
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.components.length).toBeGreaterThan(0);
  });

  it('reads a CSV whose header it does not recognize when the filename says CSV, and reports the header', () => {
    const parsed = parseInventory('asset;owner\npump;ICU\n', { filename: 'assets.CSV' });
    expect(parsed.format).toBe('csv');
    expect(parsed.problems[0]?.message).toMatch(/^No product column/);
  });

  it('refuses what it cannot read with one located error and a best guess of the format', () => {
    const unknownJson = parseInventory('{"hello": "world"}');
    expect(unknownJson).toMatchObject({ format: 'cyclonedx', components: [] });
    expect(unknownJson.problems).toEqual([
      {
        location: '/',
        severity: 'error',
        message: expect.stringMatching(
          /^Not a CycloneDX 1\.4–1\.6 JSON, SPDX 2\.3 JSON, npm package-lock\.json or CSV file/,
        ) as unknown,
      },
    ]);
    expect(parseInventory('just some words\nand more').format).toBe('csv');
    expect(parseInventory('just some words').problems[0]?.severity).toBe('error');
    expect(
      parseInventory('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>').problems[0]
        ?.message,
    ).toMatch(/XML SBOMs are not read/);
    expect(parseInventory('SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n')).toMatchObject({ format: 'spdx' });
    expect(parseInventory('  \n').problems).toEqual([
      { location: '/', severity: 'error', message: 'The file is empty.' },
    ]);
  });

  it('guesses the intended format of broken JSON from its text or filename', () => {
    expect(parseInventory('{"spdxVersion": "SPDX-2.3", ').format).toBe('spdx');
    expect(parseInventory('{"lockfileVersion": 3,, }').format).toBe('package-lock');
    expect(parseInventory('{ broken', { filename: 'package-lock.json' }).format).toBe('package-lock');
    const broken = parseInventory('\uFEFF{\n  "bomFormat": "CycloneDX"\n  "specVersion": "1.6"\n}');
    expect(broken.format).toBe('cyclonedx');
    expect(broken.problems).toEqual([
      {
        location: 'line 3, column 3',
        severity: 'error',
        message: expect.stringMatching(/^Not valid JSON: syntax error at line 3, column 3/) as unknown,
      },
    ]);
  });
});

describe('identityKey and componentFingerprint', () => {
  it('keep the identity across a version change and tell the versions apart', () => {
    const before = component({ name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' });
    const after = component({ name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21?foo=bar' });
    expect(identityKey(before)).toBe('purl:pkg:npm/lodash');
    expect(identityKey(after)).toBe(identityKey(before));
    expect(componentFingerprint(after)).not.toBe(componentFingerprint(before));
    expect(componentFingerprint({ ...before })).toBe(componentFingerprint(before));
  });

  it('fall back to the CPE vendor and product, then to names, case-insensitively', () => {
    const v1 = component({
      name: 'Pump FW',
      cpe: 'cpe:2.3:o:Acme:pump\\:fw:1.0:*:*:*:*:*:*:*',
      version: '1.0',
    });
    const v2 = component({
      name: 'pump fw',
      cpe: 'cpe:2.3:o:acme:PUMP\\:FW:2.0:*:*:*:*:*:*:*',
      version: '2.0',
    });
    expect(identityKey(v1)).toBe('cpe:o:acme:pump\\:fw');
    expect(identityKey(v2)).toBe(identityKey(v1));
    // Firmware and hardware of the same product stay two components.
    expect(identityKey(component({ cpe: 'cpe:2.3:h:acme:pump\\:fw:-:*:*:*:*:*:*:*' }))).not.toBe(
      identityKey(v1),
    );

    const byName = component({
      name: 'Infusion Pump',
      vendor: 'Acme',
      modelNumber: 'IP-2000',
      version: '3.1',
    });
    expect(identityKey(byName)).toBe('name:acme|infusion pump|ip-2000');
    expect(identityKey({ ...byName, name: ' infusion pump ', version: '3.2' })).toBe(identityKey(byName));
    expect(componentFingerprint({ ...byName, version: '3.2' })).not.toBe(componentFingerprint(byName));
  });

  it('tell the same product at two sites apart', () => {
    const north = component({ name: 'Pump', vendor: 'Acme', site: 'North Clinic' });
    expect(identityKey(north)).toBe('name:acme|pump||site:north clinic');
    expect(identityKey({ ...north, site: 'South Clinic' })).not.toBe(identityKey(north));
    expect(identityKey({ ...north, site: null })).toBe('name:acme|pump|');
  });

  it('agree between what a parser merges and what the functions compute', () => {
    const parsed = parseCycloneDx(fixture('npm-sbom.cdx.json'));
    const keys = new Set(parsed.components.map(componentFingerprint));
    expect(keys.size).toBe(parsed.components.length);
    expect(identityKey(parsed.components.find((c) => c.name === '@types/node') ?? component({}))).toBe(
      'purl:pkg:npm/%40types/node',
    );
  });
});

describe('CPE shape', () => {
  it('accepts CPE 2.3 names with escaped colons and converts simple CPE 2.2 URIs', () => {
    expect(splitCpe23('cpe:2.3:a:acme:a\\:b:1:*:*:*:*:*:*:*')).toHaveLength(13);
    expect(checkCpeShape('cpe:2.3:h:acme:pump:-:*:*:*:*:*:*:*')).toEqual({
      ok: true,
      cpe: 'cpe:2.3:h:acme:pump:-:*:*:*:*:*:*:*',
    });
    expect(checkCpeShape('cpe:/o:microsoft:windows_10:1607::~~~~x64~')).toMatchObject({ ok: false });
    expect(checkCpeShape('cpe:/h:acme:pump%21:2.0')).toEqual({
      ok: true,
      cpe: 'cpe:2.3:h:acme:pump\\!:2.0:*:*:*:*:*:*:*',
    });
    expect(checkCpeShape('cpe:/a:apache:http_server:2.4.1:beta:pro:en')).toEqual({
      ok: true,
      cpe: 'cpe:2.3:a:apache:http_server:2.4.1:beta:pro:en:*:*:*:*',
    });
    expect(checkCpeShape('cpe:2.3:a:acme:pump 2:1:*:*:*:*:*:*:*')).toMatchObject({ ok: false });
    expect(checkCpeShape('cpe:2.3:a:*:*:1:*:*:*:*:*:*:*')).toMatchObject({ ok: false });
  });
});

describe('hashes', () => {
  it('spell algorithms as CycloneDX does and check hex lengths', () => {
    expect(checkHash('sha3-256', 'F'.repeat(64))).toEqual({
      ok: true,
      hash: { alg: 'SHA3-256', value: 'f'.repeat(64) },
    });
    expect(checkHash('BLAKE2b256', '0'.repeat(64))).toEqual({
      ok: true,
      hash: { alg: 'BLAKE2b-256', value: '0'.repeat(64) },
    });
    expect(checkHash('SHA512', '0'.repeat(127))).toMatchObject({ ok: false, severity: 'error' });
  });
});

describe('limits', () => {
  it('lists at most MAX_LISTED_PROBLEMS of each severity and counts the rest', () => {
    const components = Array.from({ length: MAX_LISTED_PROBLEMS + 5 }, (_, i) => ({ version: String(i) }));
    const parsed = parseCycloneDx(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components }));
    expect(parsed.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(parsed.problems.at(-1)).toEqual({
      location: '/',
      severity: 'error',
      message: '… and 5 more errors, not listed',
    });
  });

  it(
    `refuses more than ${MAX_INVENTORY_COMPONENTS.toLocaleString('en-US')} components`,
    { timeout: 120_000 },
    () => {
      const n = MAX_INVENTORY_COMPONENTS + 1;
      const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${Array.from({ length: n }, (_, i) => `{"name":"c${String(i)}"}`).join(',')}]}`;
      const parsed = parseCycloneDx(text);
      expect(parsed.components).toHaveLength(MAX_INVENTORY_COMPONENTS);
      expect(parsed.problems).toEqual([
        {
          location: `/components/${String(MAX_INVENTORY_COMPONENTS)}`,
          severity: 'error',
          message: 'An inventory holds at most 1,000,000 components; this file has more.',
        },
      ]);
    },
  );
});
