import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePackageLock } from '../../src/matching/inventory/package-lock.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/inventory');

describe('package-lock.json from npm', () => {
  const lockfiles = [
    { file: 'npm-project.package-lock.v1.json', version: 1 },
    { file: 'npm-project.package-lock.v2.json', version: 2 },
    { file: 'npm-project.package-lock.json', version: 3 },
  ];
  for (const { file, version } of lockfiles) {
    it(`reads lockfileVersion ${String(version)}: every installed package, the root project skipped`, () => {
      const parsed = parsePackageLock(readFileSync(path.join(fixtures, file), 'utf8'));
      expect(parsed.problems).toEqual([]);
      expect(parsed).toMatchObject({
        format: 'package-lock',
        specVersion: `lockfileVersion ${String(version)}`,
      });
      expect(parsed.components).toHaveLength(55);
      expect(parsed.components.find((c) => c.name === 'lodash')).toEqual({
        name: 'lodash',
        vendor: null,
        version: '4.17.20',
        purl: 'pkg:npm/lodash@4.17.20',
        cpe: null,
        modelNumber: null,
        hashes: [{ alg: 'SHA-512', value: expect.stringMatching(/^[0-9a-f]{128}$/) as unknown }],
        site: null,
      });
      expect(parsed.components.find((c) => c.name === '@types/node')?.purl).toBe(
        'pkg:npm/%40types/node@20.11.0',
      );
      // The dev dependency is kept, as are the nested older versions.
      expect(
        parsed.components
          .filter((c) => c.name === 'ms')
          .map((c) => c.version)
          .sort(),
      ).toEqual(['2.0.0', '2.1.1', '2.1.3']);
      expect(parsed.components.some((c) => c.name === 'clearinghouse-inventory-fixture')).toBe(false);
    });
  }

  it('gives the same hash as npm sbom does for the same package', () => {
    const lock = parsePackageLock(readFileSync(path.join(fixtures, 'npm-project.package-lock.json'), 'utf8'));
    const sbom = readFileSync(path.join(fixtures, 'npm-sbom.cdx.json'), 'utf8');
    const lodashHash = lock.components.find((c) => c.name === 'lodash')?.hashes[0]?.value ?? 'missing';
    expect(sbom).toContain(lodashHash);
  });
});

describe('package-lock edge cases', () => {
  it('skips links and workspace folders, reads aliases, merges repeated installs silently', () => {
    const lock = {
      name: 'mono',
      lockfileVersion: 3,
      packages: {
        '': { name: 'mono', version: '1.0.0', workspaces: ['packages/*'] },
        'packages/app': { name: '@mono/app', version: '0.1.0' },
        'node_modules/@mono/app': { resolved: 'packages/app', link: true },
        'node_modules/old-lodash': { name: 'lodash', version: '3.10.1' },
        'node_modules/debug': { version: '4.3.4' },
        'node_modules/a/node_modules/debug': { version: '4.3.4' },
        'node_modules/@scope/pkg': { version: '2.0.0', dev: true },
      },
    };
    const parsed = parsePackageLock(JSON.stringify(lock));
    expect(parsed.problems).toEqual([]);
    expect(parsed.components.map((c) => c.purl)).toEqual([
      'pkg:npm/lodash@3.10.1',
      'pkg:npm/debug@4.3.4',
      'pkg:npm/%40scope/pkg@2.0.0',
    ]);
  });

  it('reads version 1 aliases and non-registry sources', () => {
    const lock = {
      lockfileVersion: 1,
      dependencies: {
        'old-lodash': { version: 'npm:lodash@3.10.1' },
        fork: { version: 'git+https://example.com/fork.git#abc123' },
        parent: { version: '1.0.0', dependencies: { child: { version: '2.0.0' } } },
      },
    };
    const parsed = parsePackageLock(JSON.stringify(lock));
    expect(parsed.problems).toEqual([]);
    expect(parsed.components.map((c) => c.purl).sort()).toEqual([
      'pkg:npm/child@2.0.0',
      'pkg:npm/fork',
      'pkg:npm/lodash@3.10.1',
      'pkg:npm/parent@1.0.0',
    ]);
  });

  it('refuses unknown lockfile versions and broken entries, with pointers', () => {
    expect(parsePackageLock('{"lockfileVersion": 4}').problems).toEqual([
      {
        location: '/lockfileVersion',
        severity: 'error',
        message: 'lockfileVersion 4 is not supported: 1, 2 and 3 are',
      },
    ]);
    const parsed = parsePackageLock(
      JSON.stringify({
        lockfileVersion: 3,
        packages: { 'node_modules/x': 'nope', 'node_modules/y': { version: 7 } },
      }),
    );
    expect(parsed.problems).toEqual([
      {
        location: '/packages/node_modules~1x',
        severity: 'error',
        message: 'a package entry must be a JSON object',
      },
      {
        location: '/packages/node_modules~1y/version',
        severity: 'error',
        message: '"version" must be a string',
      },
    ]);
  });
});
