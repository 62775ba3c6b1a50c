import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCycloneDx } from '../../src/matching/inventory/cyclonedx.js';
import type { ComponentIdentity, ParsedInventory } from '../../src/matching/types.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/inventory');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

function byPurl(parsed: ParsedInventory, purl: string): ComponentIdentity | undefined {
  return parsed.components.find((c) => c.purl === purl);
}

function bom(components: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components, ...extra });
}

describe('CycloneDX from real tools', () => {
  for (const spec of ['1.4', '1.5', '1.6']) {
    it(`reads cyclonedx-npm ${spec} output, nested components included`, () => {
      const parsed = parseCycloneDx(fixture(`cyclonedx-npm.${spec}.cdx.json`));
      expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(parsed.format).toBe('cyclonedx');
      expect(parsed.specVersion).toBe(spec);
      expect(byPurl(parsed, 'pkg:npm/lodash@4.17.20')).toMatchObject({
        name: 'lodash',
        version: '4.17.20',
        vendor: null,
      });
      // A scoped package: the scope is CycloneDX's group, our vendor.
      expect(byPurl(parsed, 'pkg:npm/%40types/node@20.11.0')).toMatchObject({
        name: 'node',
        vendor: '@types',
      });
      // ms 2.0.0 is only nested (under debug), not at the top level.
      expect(byPurl(parsed, 'pkg:npm/ms@2.0.0')).toBeDefined();
      expect(byPurl(parsed, 'pkg:npm/express@4.17.1')).toMatchObject({ name: 'express', version: '4.17.1' });
      // 55 installed packages plus the project itself (it has a version and a purl).
      expect(parsed.components).toHaveLength(56);
    });
  }

  it('reads npm sbom output (CycloneDX 1.5) with hashes', () => {
    const parsed = parseCycloneDx(fixture('npm-sbom.cdx.json'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.specVersion).toBe('1.5');
    const lodash = byPurl(parsed, 'pkg:npm/lodash@4.17.20');
    expect(lodash?.name).toBe('lodash');
    expect(lodash?.hashes).toEqual([
      { alg: 'SHA-512', value: expect.stringMatching(/^[0-9a-f]{128}$/) as unknown },
    ]);
    expect(byPurl(parsed, 'pkg:npm/%40types/node@20.11.0')?.name).toBe('@types/node');
    expect(
      parsed.components
        .filter((c) => c.name === 'ms')
        .map((c) => c.version)
        .sort(),
    ).toEqual(['2.0.0', '2.1.1', '2.1.3']);
  });
});

describe('CycloneDX fields', () => {
  it('takes the vendor from supplier, then manufacturer, publisher, group', () => {
    const parsed = parseCycloneDx(
      bom([
        {
          type: 'device',
          name: 'a',
          supplier: { name: 'Supplier Co' },
          manufacturer: { name: 'M' },
          publisher: 'P',
          group: 'g',
        },
        { type: 'firmware', name: 'b', manufacturer: { name: 'Maker Inc' }, publisher: 'P', group: 'g' },
        { type: 'library', name: 'c', publisher: 'Pub', group: 'g' },
        { type: 'library', name: 'd', group: 'org.example' },
        { type: 'library', name: 'e', supplier: { name: '  ' }, group: 'fallback' },
      ]),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.components.map((c) => c.vendor)).toEqual([
      'Supplier Co',
      'Maker Inc',
      'Pub',
      'org.example',
      'fallback',
    ]);
  });

  it('keeps device and firmware components with model numbers from the documented properties', () => {
    const parsed = parseCycloneDx(
      bom([
        {
          type: 'device',
          name: 'Infusion pump',
          manufacturer: { name: 'Acme Medical' },
          version: '3.2',
          properties: [
            { name: 'cdx:device:modelNumber', value: 'IP-2000' },
            { name: 'clearinghouse:modelNumber', value: 'ignored: the first one wins' },
          ],
          components: [
            {
              type: 'firmware',
              name: 'pump-fw',
              version: '3.2.1',
              cpe: 'cpe:2.3:o:acme:pump_firmware:3.2.1:*:*:*:*:*:*:*',
              properties: [{ name: 'Clearinghouse:ModelNumber', value: 'IP-2000-FW' }],
            },
          ],
        },
      ]),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.components).toEqual([
      {
        name: 'Infusion pump',
        vendor: 'Acme Medical',
        version: '3.2',
        purl: null,
        cpe: null,
        modelNumber: 'IP-2000',
        hashes: [],
        site: null,
      },
      {
        name: 'pump-fw',
        vendor: null,
        version: '3.2.1',
        purl: null,
        cpe: 'cpe:2.3:o:acme:pump_firmware:3.2.1:*:*:*:*:*:*:*',
        modelNumber: 'IP-2000-FW',
        hashes: [],
        site: null,
      },
    ]);
  });

  it('converts a CPE 2.2 URI and normalizes a purl', () => {
    const parsed = parseCycloneDx(
      bom([
        {
          name: 'openssl',
          version: '1.1.1k',
          cpe: 'cpe:/a:openssl:openssl:1.1.1k',
          purl: 'pkg:NPM/Lodash@4.17.20',
        },
      ]),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.components[0]).toMatchObject({
      cpe: 'cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*',
      purl: 'pkg:npm/lodash@4.17.20',
    });
  });

  it('keeps the subject only when it has a version and a purl or CPE', () => {
    const labelled = parseCycloneDx(
      bom([{ name: 'x', version: '1' }], {
        metadata: { component: { type: 'application', name: 'my-scan' } },
      }),
    );
    expect(labelled.components.map((c) => c.name)).toEqual(['x']);
    const product = parseCycloneDx(
      bom([{ name: 'busybox', version: '1.36.1', purl: 'pkg:generic/busybox@1.36.1' }], {
        metadata: {
          component: {
            type: 'firmware',
            name: 'Gateway firmware',
            version: '5.1',
            purl: 'pkg:generic/acme/gateway-firmware@5.1',
            components: [{ name: 'nested-in-subject', version: '2' }],
          },
        },
      }),
    );
    expect(product.problems).toEqual([]);
    expect(product.components.map((c) => c.name)).toEqual([
      'Gateway firmware',
      'nested-in-subject',
      'busybox',
    ]);
  });

  it('merges exact duplicates with a warning and keeps the first location', () => {
    const parsed = parseCycloneDx(
      bom([
        { name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' },
        { name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' },
        {
          name: 'lodash',
          version: '4.17.20',
          purl: 'pkg:npm/lodash@4.17.20',
          hashes: [{ alg: 'SHA-1', content: 'A'.repeat(40) }],
        },
      ]),
    );
    expect(parsed.components).toHaveLength(2);
    expect(parsed.components[0]?.hashes).toEqual([{ alg: 'SHA-1', value: 'a'.repeat(40) }]);
    expect(parsed.problems).toEqual([
      {
        location: '/components/2',
        severity: 'warning',
        message: 'the same component as at /components/0 (lodash 4.17.20); merged into it',
      },
    ]);
  });

  it('ignores unknown fields silently', () => {
    const parsed = parseCycloneDx(
      bom([{ name: 'a', version: '1', 'x-custom': { deep: [1, 2] }, licenses: 'whatever' }], { foo: 1 }),
    );
    expect(parsed.problems).toEqual([]);
  });
});

describe('bad CycloneDX files', () => {
  it('reports every problem at once, each with its JSON pointer', () => {
    const parsed = parseCycloneDx(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.3',
        components: [
          { name: 'fine', version: '1', purl: 'pkg:npm/fine@1' },
          { version: '2' },
          { name: 'bad-purl', purl: 'npm/lodash@1.0' },
          { name: 'bad-cpe', cpe: 'cpe:2.3:a:acme:thing' },
          'not an object',
          { name: 'x'.repeat(301) },
          {
            name: 'hashes',
            hashes: [
              { alg: 'SHA-256', content: 'xyz' },
              { alg: 'SHA-256', content: 'ab' },
              { alg: 'ROT13', content: 'ab' },
            ],
          },
          { name: 'parent', components: [{ name: 'child', purl: 'pkg:' }] },
        ],
      }),
    );
    expect(parsed.problems).toEqual([
      {
        location: '/specVersion',
        severity: 'error',
        message: 'CycloneDX 1.3 is not supported: upload CycloneDX 1.4, 1.5 or 1.6 JSON',
      },
      { location: '/components/1', severity: 'error', message: 'the component has no name' },
      {
        location: '/components/2/purl',
        severity: 'error',
        message: expect.stringMatching(/^not a valid purl: /) as unknown,
      },
      {
        location: '/components/3/cpe',
        severity: 'error',
        message: 'not a valid CPE name: a CPE 2.3 name has 13 colon-separated parts, this one has 5',
      },
      { location: '/components/4', severity: 'error', message: 'a component must be a JSON object' },
      {
        location: '/components/5/name',
        severity: 'error',
        message: 'the name is longer than 300 characters',
      },
      {
        location: '/components/6/hashes/0/content',
        severity: 'error',
        message: 'the SHA-256 value is not hexadecimal',
      },
      {
        location: '/components/6/hashes/1/content',
        severity: 'error',
        message: 'a SHA-256 value has 64 hex digits, this one 2',
      },
      {
        location: '/components/6/hashes/2/alg',
        severity: 'warning',
        message: 'unknown hash algorithm "ROT13"; the hash is ignored',
      },
      {
        location: '/components/7/components/0/purl',
        severity: 'error',
        message: expect.stringMatching(/^not a valid purl: /) as unknown,
      },
    ]);
  });

  it('refuses newer and older spec versions and other formats by name', () => {
    expect(
      parseCycloneDx(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.7', components: [] }))
        .problems[0],
    ).toEqual({
      location: '/specVersion',
      severity: 'error',
      message: 'CycloneDX 1.7 is not supported: upload CycloneDX 1.4, 1.5 or 1.6 JSON',
    });
    expect(
      parseCycloneDx(JSON.stringify({ bomFormat: 'SPDX', specVersion: '1.6' })).problems[0],
    ).toMatchObject({ location: '/bomFormat' });
    expect(parseCycloneDx('[1, 2]').problems).toEqual([
      { location: '/', severity: 'error', message: 'A CycloneDX document is a JSON object.' },
    ]);
  });

  it('says where invalid JSON breaks, by line and column', () => {
    const parsed = parseCycloneDx(
      '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.6",\n  "components": [ { "name": "a", } ]\n}',
    );
    expect(parsed.components).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ location: 'line 4, column 34', severity: 'error' });
    expect(parsed.problems[0]?.message).toMatch(/^Not valid JSON: syntax error at line 4, column 34/);
    expect(parseCycloneDx('{"bomFormat": "Cyclo').problems[0]?.message).toMatch(
      /^Not valid JSON: the text ends too early/,
    );
  });

  it('says when components is not an array', () => {
    const parsed = parseCycloneDx(
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: { name: 'a' } }),
    );
    expect(parsed.problems).toEqual([
      { location: '/components', severity: 'error', message: '"components" must be an array' },
    ]);
  });
});
