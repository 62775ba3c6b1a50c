import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpdx, spdxActorName } from '../../src/matching/inventory/spdx.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/inventory');

function spdx(packages: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'test',
    documentNamespace: 'https://example.com/test',
    packages,
    ...extra,
  });
}

describe('SPDX from a real tool', () => {
  it('reads npm sbom output (SPDX 2.3): purls, versions, SHA-512 checksums', () => {
    const parsed = parseSpdx(readFileSync(path.join(fixtures, 'npm-sbom.spdx.json'), 'utf8'));
    expect(parsed.problems).toEqual([]);
    expect(parsed).toMatchObject({ format: 'spdx', specVersion: 'SPDX-2.3' });
    // 55 installed packages plus the described project, which has a version and so is kept.
    expect(parsed.components).toHaveLength(56);
    const lodash = parsed.components.find((c) => c.purl === 'pkg:npm/lodash@4.17.20');
    expect(lodash).toMatchObject({ name: 'lodash', version: '4.17.20', vendor: null, cpe: null });
    expect(lodash?.hashes).toEqual([
      { alg: 'SHA-512', value: expect.stringMatching(/^[0-9a-f]{128}$/) as unknown },
    ]);
    expect(parsed.components.find((c) => c.name === '@types/node')?.purl).toBe(
      'pkg:npm/%40types/node@20.11.0',
    );
  });
});

describe('SPDX fields', () => {
  it('reads supplier, originator, purl, CPE 2.3 and 2.2 references and checksums', () => {
    const parsed = parseSpdx(
      spdx([
        {
          SPDXID: 'SPDXRef-a',
          name: 'openssl',
          versionInfo: '3.0.13',
          supplier: 'Organization: OpenSSL Software Foundation',
          checksums: [
            { algorithm: 'SHA256', checksumValue: 'AB'.repeat(32) },
            { algorithm: 'SHA1', checksumValue: 'cd'.repeat(20) },
          ],
          externalRefs: [
            {
              referenceCategory: 'SECURITY',
              referenceType: 'cpe23Type',
              referenceLocator: 'cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*',
            },
            {
              referenceCategory: 'SECURITY',
              referenceType: 'cpe23Type',
              referenceLocator: 'cpe:2.3:a:openssl_project:openssl:3.0.13:*:*:*:*:*:*:*',
            },
            {
              referenceCategory: 'PACKAGE-MANAGER',
              referenceType: 'purl',
              referenceLocator: 'pkg:generic/openssl@3.0.13',
            },
          ],
        },
        {
          SPDXID: 'SPDXRef-b',
          name: 'zlib',
          versionInfo: '1.3',
          supplier: 'NOASSERTION',
          originator: 'Person: Jean-loup Gailly (jloup@example.org)',
          externalRefs: [
            {
              referenceCategory: 'SECURITY',
              referenceType: 'cpe22Type',
              referenceLocator: 'cpe:/a:zlib:zlib:1.3',
            },
          ],
        },
        { SPDXID: 'SPDXRef-c', name: 'no-version', versionInfo: 'NOASSERTION' },
      ]),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.components).toEqual([
      {
        name: 'openssl',
        vendor: 'OpenSSL Software Foundation',
        version: '3.0.13',
        purl: 'pkg:generic/openssl@3.0.13',
        cpe: 'cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*',
        modelNumber: null,
        hashes: [
          { alg: 'SHA-256', value: 'ab'.repeat(32) },
          { alg: 'SHA-1', value: 'cd'.repeat(20) },
        ],
        site: null,
      },
      {
        name: 'zlib',
        vendor: 'Jean-loup Gailly',
        version: '1.3',
        purl: null,
        cpe: 'cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*',
        modelNumber: null,
        hashes: [],
        site: null,
      },
      {
        name: 'no-version',
        vendor: null,
        version: null,
        purl: null,
        cpe: null,
        modelNumber: null,
        hashes: [],
        site: null,
      },
    ]);
  });

  it('skips the described package only when it has no version', () => {
    const packages = [
      { SPDXID: 'SPDXRef-root', name: '/scanned/dir' },
      { SPDXID: 'SPDXRef-fw', name: 'Gateway firmware', versionInfo: '5.1' },
      { SPDXID: 'SPDXRef-dep', name: 'busybox', versionInfo: '1.36.1' },
    ];
    const viaRelationship = parseSpdx(
      spdx(packages, {
        relationships: [
          {
            spdxElementId: 'SPDXRef-DOCUMENT',
            relationshipType: 'DESCRIBES',
            relatedSpdxElement: 'SPDXRef-root',
          },
          {
            spdxElementId: 'SPDXRef-DOCUMENT',
            relationshipType: 'DESCRIBES',
            relatedSpdxElement: 'SPDXRef-fw',
          },
        ],
      }),
    );
    expect(viaRelationship.components.map((c) => c.name)).toEqual(['Gateway firmware', 'busybox']);
    const viaDescribes = parseSpdx(spdx(packages, { documentDescribes: ['SPDXRef-root'] }));
    expect(viaDescribes.components.map((c) => c.name)).toEqual(['Gateway firmware', 'busybox']);
    // Not described: a package without a version is an ordinary component.
    expect(parseSpdx(spdx(packages)).components.map((c) => c.name)).toEqual([
      '/scanned/dir',
      'Gateway firmware',
      'busybox',
    ]);
  });

  it('names actors without their kind and e-mail', () => {
    expect(spdxActorName('Organization: Acme Corp')).toBe('Acme Corp');
    expect(spdxActorName('Person: Jane Doe (jane@example.com)')).toBe('Jane Doe');
    expect(spdxActorName('NOASSERTION')).toBeNull();
    expect(spdxActorName('Acme without a kind')).toBe('Acme without a kind');
  });
});

describe('bad SPDX files', () => {
  it('accepts SPDX 2.2 with a warning and refuses other versions', () => {
    const v22 = parseSpdx(
      JSON.stringify({ spdxVersion: 'SPDX-2.2', packages: [{ name: 'a', versionInfo: '1' }] }),
    );
    expect(v22.components).toHaveLength(1);
    expect(v22.problems).toEqual([
      {
        location: '/spdxVersion',
        severity: 'warning',
        message: 'SPDX-2.2 is read as SPDX-2.3; regenerate the SBOM as SPDX 2.3 if your tool can',
      },
    ]);
    expect(parseSpdx(JSON.stringify({ spdxVersion: 'SPDX-3.0', packages: [] })).problems[0]).toEqual({
      location: '/spdxVersion',
      severity: 'error',
      message: 'SPDX-3.0 is not supported: upload SPDX 2.3 JSON',
    });
  });

  it('reports every broken package with its pointer', () => {
    const parsed = parseSpdx(
      spdx([
        { SPDXID: 'SPDXRef-1', versionInfo: '1.0' },
        {
          SPDXID: 'SPDXRef-2',
          name: 'bad-refs',
          externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/' },
            {
              referenceCategory: 'SECURITY',
              referenceType: 'cpe23Type',
              referenceLocator: 'cpe:2.3:x:acme:thing:1:*:*:*:*:*:*:*',
            },
          ],
        },
        { SPDXID: 'SPDXRef-3', name: 'bad-checksum', checksums: [{ algorithm: 'MD5', checksumValue: 'zz' }] },
        { SPDXID: 'SPDXRef-4', name: 'v'.repeat(10), versionInfo: '1'.repeat(101) },
      ]),
    );
    expect(parsed.problems).toEqual([
      { location: '/packages/0', severity: 'error', message: 'the component has no name' },
      {
        location: '/packages/1/externalRefs/0/referenceLocator',
        severity: 'error',
        message: expect.stringMatching(/^not a valid purl: /) as unknown,
      },
      {
        location: '/packages/1/externalRefs/1/referenceLocator',
        severity: 'error',
        message: 'not a valid CPE name: the part must be a, o, h, * or -, not "x"',
      },
      {
        location: '/packages/2/checksums/0/checksumValue',
        severity: 'error',
        message: 'the MD5 value is not hexadecimal',
      },
      {
        location: '/packages/3/versionInfo',
        severity: 'error',
        message: 'the version is longer than 100 characters',
      },
    ]);
  });
});
