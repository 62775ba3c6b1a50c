import { describe, expect, it } from 'vitest';
import type { OsvRecord } from '../../src/matching/osv-types.js';
import { dedupeRules, rulesFromOsv, rulesFromProducts, versFromRangeText } from '../../src/matching/rules.js';
import type { AffectRule, KnownProduct, KnownVulnerability } from '../../src/matching/types.js';

function product(overrides: Partial<KnownProduct> & { key: string }): KnownProduct {
  return {
    name: overrides.key,
    vendor: null,
    product: null,
    version: null,
    range: null,
    purl: null,
    cpe: null,
    modelNumbers: [],
    ...overrides,
  };
}

function vuln(overrides: Partial<KnownVulnerability>): KnownVulnerability {
  return { vulnKey: 'CVE-2026-0001', affected: [], fixed: [], notAffected: [], ...overrides };
}

const lodash: OsvRecord = {
  id: 'GHSA-35jh-r3h4-6jhm',
  modified: '2024-01-01T00:00:00Z',
  aliases: ['CVE-2021-23337'],
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
    },
  ],
};

describe('rulesFromOsv', () => {
  it('makes one purl rule per affected package, keyed by the CVE alias', () => {
    expect(rulesFromOsv(lodash)).toEqual([
      {
        key: 'purl:npm/lodash',
        kind: 'purl',
        condition: {
          type: 'osv',
          ecosystem: 'npm',
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
          versions: [],
        },
        vulnKey: 'CVE-2021-23337',
        productLabel: 'lodash',
        fixedVersion: '4.17.21',
      },
    ]);
  });

  it('keys by the OSV id without a CVE alias, and by the package purl when given', () => {
    const rules = rulesFromOsv({
      id: 'PYSEC-2023-1',
      modified: '2024-01-01T00:00:00Z',
      aliases: ['GHSA-aaaa-bbbb-cccc'],
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'Django', purl: 'pkg:pypi/Django' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '4.0' }, { last_affected: '4.2.1' }] }],
        },
        {
          package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' },
          versions: ['2.14.1'],
        },
      ],
    });
    expect(rules.map((r) => [r.key, r.vulnKey, r.fixedVersion])).toEqual([
      ['purl:pypi/django', 'PYSEC-2023-1', null],
      ['purl:maven/org.apache.logging.log4j/log4j-core', 'PYSEC-2023-1', null],
    ]);
  });

  it('ignores a withdrawn record, entries without package, GIT fixes and duplicates', () => {
    expect(rulesFromOsv({ ...lodash, withdrawn: '2024-02-01T00:00:00Z' })).toEqual([]);
    const rules = rulesFromOsv({
      id: 'OSV-2024-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        { ranges: [{ type: 'GIT', repo: 'https://example.com/r', events: [{ introduced: 'abc1234' }] }] },
        {
          package: { ecosystem: 'Go', name: 'github.com/gin-gonic/gin' },
          ranges: [
            { type: 'GIT', repo: 'https://github.com/gin-gonic/gin', events: [{ fixed: 'deadbeef' }] },
            { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.9.1' }] },
          ],
        },
        {
          package: { ecosystem: 'Go', name: 'github.com/gin-gonic/gin' },
          ranges: [
            { type: 'GIT', repo: 'https://github.com/gin-gonic/gin', events: [{ fixed: 'deadbeef' }] },
            { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.9.1' }] },
          ],
        },
        { package: { ecosystem: 'Unheard-Of', name: 'x' }, versions: ['1'] },
      ],
    });
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ key: 'purl:golang/github.com/gin-gonic/gin', fixedVersion: '1.9.1' });
  });
});

describe('versFromRangeText', () => {
  it.each([
    ['< 4.2.1', 'vers:generic/<4.2.1'],
    ['<=4.2', 'vers:generic/<=4.2'],
    ['>= 4.0, < 4.2.1', 'vers:generic/>=4.0|<4.2.1'],
    ['>=4.0 <4.2.1', 'vers:generic/>=4.0|<4.2.1'],
    ['4.0 through 4.2', 'vers:generic/>=4.0|<=4.2'],
    ['4.0 - 4.2', 'vers:generic/>=4.0|<=4.2'],
    ['before 3.1', 'vers:generic/<3.1'],
    ['Prior to 3.1', 'vers:generic/<3.1'],
    ['2.0 and earlier', 'vers:generic/<=2.0'],
    ['up to and including 2.0', 'vers:generic/<=2.0'],
    ['3.0 and later', 'vers:generic/>=3.0'],
    ['3.0+', 'vers:generic/>=3.0'],
    ['All versions', 'vers:generic/*'],
    ['4.1.9', 'vers:generic/4.1.9'],
  ])('%s → %s', (text, vers) => {
    expect(versFromRangeText(text, 'generic')).toBe(vers);
  });

  it('refuses what it cannot read', () => {
    expect(versFromRangeText('the versions shipped in 2023', 'generic')).toBeNull();
    expect(versFromRangeText('4.0, maybe 4.1', 'generic')).toBeNull();
  });

  it('uses the given scheme and refuses versions invalid in it', () => {
    expect(versFromRangeText('>= 1.0.0, < 1.4.2', 'npm')).toBe('vers:npm/>=1.0.0|<1.4.2');
    expect(versFromRangeText('< 4.2', 'npm')).toBeNull();
  });
});

describe('rulesFromProducts', () => {
  const pump = product({
    key: 'CSAFPID-1',
    name: 'Acme Infusion Pump IP-2000',
    vendor: 'Acme Corp.',
    product: 'Infusion Pump',
    range: '< 4.2.1',
    modelNumbers: ['IP-2000'],
  });
  const pumpFixed = product({
    key: 'CSAFPID-2',
    name: 'Acme Infusion Pump IP-2000 4.2.1',
    vendor: 'Acme Corp.',
    product: 'Infusion Pump',
    version: '4.2.1',
    modelNumbers: ['IP-2000'],
  });

  it('makes model and name rules with a generic range and the fixed version', () => {
    const rules = rulesFromProducts(
      [pump, pumpFixed],
      [vuln({ affected: ['CSAFPID-1'], fixed: ['CSAFPID-2'] })],
    );
    expect(rules).toEqual([
      {
        key: 'model:acme|ip2000',
        kind: 'model',
        condition: { type: 'vers', vers: 'vers:generic/<4.2.1' },
        vulnKey: 'CVE-2026-0001',
        productLabel: 'Acme Infusion Pump IP-2000',
        fixedVersion: '4.2.1',
      },
      {
        key: 'name:acme|infusion pump',
        kind: 'name',
        condition: { type: 'vers', vers: 'vers:generic/<4.2.1' },
        vulnKey: 'CVE-2026-0001',
        productLabel: 'Acme Infusion Pump IP-2000',
        fixedVersion: '4.2.1',
      },
    ]);
  });

  it('makes purl and CPE rules, with the version from the vers range, the version or the purl', () => {
    const rules = rulesFromProducts(
      [
        product({ key: 'a', purl: 'pkg:npm/lodash', range: 'vers:npm/>=4.0.0|<4.17.21' }),
        product({ key: 'b', purl: 'pkg:pypi/Django@4.2.1' }),
        product({ key: 'c', cpe: 'cpe:2.3:a:acme:pump_firmware:4.1.9:*:*:*:*:*:*:*' }),
        product({ key: 'd', cpe: 'cpe:2.3:a:acme:gateway:*:*:*:*:*:*:*:*', range: '4.0 through 4.2' }),
        product({ key: 'e', purl: 'pkg:npm/left-pad' }),
      ],
      [vuln({ affected: ['a', 'b', 'c', 'd', 'e', 'unknown'] })],
      { nameRules: false },
    );
    expect(rules.map((r) => [r.key, r.kind, r.condition])).toEqual([
      ['purl:npm/lodash', 'purl', { type: 'vers', vers: 'vers:npm/>=4.0.0|<4.17.21' }],
      ['purl:pypi/django', 'purl', { type: 'exact', version: '4.2.1' }],
      [
        'cpe:a:acme:pump_firmware',
        'cpe',
        { type: 'cpe', cpe: 'cpe:2.3:a:acme:pump_firmware:4.1.9:*:*:*:*:*:*:*' },
      ],
      ['cpe:a:acme:gateway', 'cpe', { type: 'vers', vers: 'vers:generic/>=4.0|<=4.2' }],
      ['purl:npm/left-pad', 'purl', { type: 'all' }],
    ]);
  });

  it('falls back to every version for a range in words it cannot read', () => {
    const rules = rulesFromProducts(
      [product({ key: 'x', vendor: 'Acme', product: 'Gateway', range: 'firmware shipped before June' })],
      [vuln({ affected: ['x'] })],
    );
    expect(rules.map((r) => r.condition)).toEqual([{ type: 'all' }]);
  });

  it('picks the lowest fixed version above the affected range', () => {
    const affected = product({ key: 'p', purl: 'pkg:npm/lodash', range: 'vers:npm/<4.17.21' });
    const fixed = ['4.17.23', '4.17.21', '4.17.20'].map((v, i) =>
      product({ key: `f${String(i)}`, purl: `pkg:npm/lodash@${v}` }),
    );
    const other = product({ key: 'o', purl: 'pkg:npm/underscore@1.13.0' });
    const rules = rulesFromProducts(
      [affected, ...fixed, other],
      [vuln({ affected: ['p'], fixed: ['f0', 'f1', 'f2', 'o'] })],
    );
    expect(rules.map((r) => r.fixedVersion)).toEqual(['4.17.21', '4.17.21']);
  });

  it('dedupes identical rules across products and vulnerabilities listed twice', () => {
    const rules = rulesFromProducts(
      [
        product({ key: 'a', vendor: 'Acme', product: 'Pump', version: '1.0' }),
        product({ key: 'b', vendor: 'ACME Inc', product: 'pump', version: '1.0' }),
      ],
      [vuln({ affected: ['a', 'b', 'a'] })],
    );
    expect(rules).toHaveLength(1);
    const rule: AffectRule = rules[0] as AffectRule;
    expect(dedupeRules([rule, { ...rule }, { ...rule, vulnKey: 'CVE-2026-0002' }])).toHaveLength(2);
  });
});
