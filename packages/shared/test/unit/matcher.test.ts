import { describe, expect, it } from 'vitest';
import { evaluateCondition, MatchIndex, matchRules } from '../../src/matching/matcher.js';
import { matchKeysOf } from '../../src/matching/match-keys.js';
import { isVersionAffected } from '../../src/matching/osv-match.js';
import type { OsvAffected, OsvEvent, OsvRecord } from '../../src/matching/osv-types.js';
import { rulesFromOsv, rulesFromProducts } from '../../src/matching/rules.js';
import type { AffectRule, ComponentIdentity, KnownProduct } from '../../src/matching/types.js';

function component(overrides: Partial<ComponentIdentity>): ComponentIdentity {
  return {
    name: 'thing',
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

function osv(id: string, affected: OsvAffected[], aliases: string[] = []): OsvRecord {
  return { id, modified: '2024-01-01T00:00:00Z', aliases, affected };
}

function vulnsOf(index: MatchIndex, c: ComponentIdentity): string[] {
  return index.match(c).map((m) => `${m.rule.vulnKey}:${m.confidence}`);
}

describe('MatchIndex with OSV rules', () => {
  const index = new MatchIndex([
    ...rulesFromOsv(
      osv(
        'GHSA-35jh-r3h4-6jhm',
        [
          {
            package: { ecosystem: 'npm', name: 'lodash' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
          },
        ],
        ['CVE-2021-23337'],
      ),
    ),
    ...rulesFromOsv(
      osv('PYSEC-2023-100', [
        {
          package: { ecosystem: 'PyPI', name: 'Django' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '4.2' }, { fixed: '4.2.2' }] }],
        },
      ]),
    ),
    ...rulesFromOsv(
      osv(
        'GHSA-jfh8-c2jp-5v3q',
        [
          {
            package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }] }],
          },
        ],
        ['CVE-2021-44228'],
      ),
    ),
    ...rulesFromOsv(
      osv('DSA-5000-1', [
        {
          package: { ecosystem: 'Debian:12', name: 'openssl' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:3.0.11-1~deb12u2' }] }],
        },
      ]),
    ),
  ]);

  it('finds lodash 4.17.20 affected and 4.17.21 not', () => {
    expect(vulnsOf(index, component({ name: 'lodash', purl: 'pkg:npm/lodash@4.17.20' }))).toEqual([
      'CVE-2021-23337:purl',
    ]);
    expect(vulnsOf(index, component({ name: 'lodash', purl: 'pkg:npm/lodash@4.17.21' }))).toEqual([]);
    expect(
      index.match(component({ name: 'lodash', purl: 'pkg:npm/lodash@4.17.20' }))[0]?.rule.fixedVersion,
    ).toBe('4.17.21');
  });

  it('prefers the component version to the purl version', () => {
    const c = component({ name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.20' });
    expect(vulnsOf(index, c)).toEqual([]);
  });

  it('matches PyPI names whatever their case and separators', () => {
    expect(vulnsOf(index, component({ name: 'django', purl: 'pkg:pypi/django@4.2.1' }))).toEqual([
      'PYSEC-2023-100:purl',
    ]);
    expect(vulnsOf(index, component({ name: 'Django', purl: 'pkg:pypi/Django@4.2rc1' }))).toEqual([]);
  });

  it('matches Maven group:artifact with Maven ordering', () => {
    const log4j = (v: string): ComponentIdentity =>
      component({ name: 'log4j-core', purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${v}` });
    expect(vulnsOf(index, log4j('2.14.1'))).toEqual(['CVE-2021-44228:purl']);
    expect(vulnsOf(index, log4j('2.0'))).toEqual(['CVE-2021-44228:purl']);
    expect(vulnsOf(index, log4j('2.15.0'))).toEqual([]);
    expect(vulnsOf(index, log4j('2.0-alpha1'))).toEqual([]);
    expect(
      vulnsOf(index, component({ name: 'log4j-core', purl: 'pkg:maven/org.other/log4j-core@2.14.1' })),
    ).toEqual([]);
  });

  it('orders Debian versions by epoch and honours the release', () => {
    const deb = (v: string, distro?: string): ComponentIdentity =>
      component({
        name: 'openssl',
        purl: `pkg:deb/debian/openssl@${encodeURIComponent(v)}${distro === undefined ? '' : `?distro=${distro}`}`,
      });
    expect(vulnsOf(index, deb('1:3.0.11-1~deb12u1', 'debian-12'))).toEqual(['DSA-5000-1:purl']);
    expect(vulnsOf(index, deb('3.1.0-1', 'bookworm'))).toEqual(['DSA-5000-1:purl']);
    expect(vulnsOf(index, deb('1:3.0.11-1~deb12u2', 'debian-12'))).toEqual([]);
    expect(vulnsOf(index, deb('2:1.0-1', 'debian-12'))).toEqual([]);
    expect(vulnsOf(index, deb('1:3.0.11-1~deb12u1', 'debian-11'))).toEqual([]);
    expect(vulnsOf(index, deb('1:3.0.11-1~deb12u1'))).toEqual(['DSA-5000-1:purl']);
  });

  it('never guesses for an unparsable version, but an all rule matches it', () => {
    expect(vulnsOf(index, component({ name: 'lodash', purl: 'pkg:npm/lodash@not-a-version' }))).toEqual([]);
    const all = new MatchIndex([
      {
        key: 'purl:npm/lodash',
        kind: 'purl',
        condition: { type: 'all' },
        vulnKey: 'V',
        productLabel: 'lodash',
        fixedVersion: null,
      },
    ]);
    expect(vulnsOf(all, component({ name: 'lodash', purl: 'pkg:npm/lodash@not-a-version' }))).toEqual([
      'V:purl',
    ]);
  });

  it('reports its size and the rules under a key', () => {
    expect(index.size).toBe(4);
    expect(index.rulesFor('purl:npm/lodash').map((r) => r.vulnKey)).toEqual(['CVE-2021-23337']);
    expect(index.rulesFor('purl:npm/nothing')).toEqual([]);
  });
});

describe('MatchIndex with advisory products', () => {
  const products: KnownProduct[] = [
    {
      key: 'pump',
      name: 'Acme Infusion Pump IP-2000',
      vendor: 'Acme Corp.',
      product: 'Infusion Pump',
      version: null,
      range: '< 4.2.1',
      purl: null,
      cpe: null,
      modelNumbers: ['IP-2000'],
    },
    {
      key: 'pump-fixed',
      name: 'Acme Infusion Pump IP-2000 4.2.1',
      vendor: 'Acme Corp.',
      product: 'Infusion Pump',
      version: '4.2.1',
      range: null,
      purl: null,
      cpe: null,
      modelNumbers: ['IP-2000'],
    },
  ];
  const rules = rulesFromProducts(products, [
    { vulnKey: 'CVE-2026-1000', affected: ['pump'], fixed: ['pump-fixed'], notAffected: [] },
  ]);
  const index = new MatchIndex(rules);

  it('matches firmware 4.1.9 by model and not 4.2.1', () => {
    const pump = (version: string): ComponentIdentity =>
      component({ name: 'Infusion Pump', vendor: 'ACME, Inc.', modelNumber: 'IP2000', version });
    const found = index.match(pump('4.1.9'));
    expect(found.map((m) => [m.rule.vulnKey, m.confidence, m.rule.fixedVersion])).toEqual([
      ['CVE-2026-1000', 'model', '4.2.1'],
    ]);
    expect(index.match(pump('4.2.1'))).toEqual([]);
  });

  it('marks a match by names only as name confidence', () => {
    const found = index.match(component({ name: 'Infusion-Pump', vendor: 'Acme', version: '4.0' }));
    expect(found.map((m) => m.confidence)).toEqual(['name']);
  });

  it('does not match another vendor, nor an unknown one', () => {
    expect(
      index.match(
        component({ name: 'Infusion Pump', vendor: 'Globex', modelNumber: 'IP-2000', version: '4.0' }),
      ),
    ).toEqual([]);
    expect(index.match(component({ name: 'Infusion Pump', modelNumber: 'IP-2000', version: '4.0' }))).toEqual(
      [],
    );
  });

  it('lets a rule without vendor match components of any vendor', () => {
    const anyVendor = new MatchIndex(
      rulesFromProducts(
        [{ ...products[0], key: 'x', vendor: null } as KnownProduct],
        [{ vulnKey: 'CVE-2026-2000', affected: ['x'], fixed: [], notAffected: [] }],
      ),
    );
    expect(
      vulnsOf(
        anyVendor,
        component({ name: 'Infusion Pump', vendor: 'Acme', modelNumber: 'IP-2000', version: '1.0' }),
      ),
    ).toEqual(['CVE-2026-2000:model']);
  });

  it('does not let a name rule match an ecosystem package when the vulnerability has a purl rule', () => {
    const mixed = new MatchIndex(
      rulesFromProducts(
        [
          {
            key: 'lib',
            name: 'lodash',
            vendor: null,
            product: 'lodash',
            version: null,
            range: 'vers:npm/<4.17.21',
            purl: 'pkg:npm/lodash',
            cpe: null,
            modelNumbers: [],
          },
        ],
        [{ vulnKey: 'CVE-2021-23337', affected: ['lib'], fixed: [], notAffected: [] }],
      ),
    );
    expect(mixed.size).toBe(2);
    // Another ecosystem's lodash shares the name but not the purl.
    expect(vulnsOf(mixed, component({ name: 'lodash', purl: 'pkg:pypi/lodash@1.0' }))).toEqual([]);
    expect(vulnsOf(mixed, component({ name: 'lodash', purl: 'pkg:npm/lodash@4.17.20' }))).toEqual([
      'CVE-2021-23337:purl',
    ]);
    // Without a purl the name rule still speaks (at low confidence).
    expect(vulnsOf(mixed, component({ name: 'lodash', version: '4.17.20' }))).toEqual([
      'CVE-2021-23337:name',
    ]);
  });

  it('keeps one match per vulnerability, the most confident', () => {
    const rule = (kind: AffectRule['kind'], key: string): AffectRule => ({
      key,
      kind,
      condition: { type: 'all' },
      vulnKey: 'CVE-2026-3000',
      productLabel: 'pump',
      fixedVersion: null,
    });
    const both = new MatchIndex([
      rule('name', 'name:acme|infusion pump'),
      rule('cpe', 'cpe:h:acme:infusion_pump'),
    ]);
    const c = component({
      name: 'Infusion Pump',
      vendor: 'Acme',
      cpe: 'cpe:2.3:h:acme:infusion_pump:4.1.9:*:*:*:*:*:*:*',
    });
    expect(vulnsOf(both, c)).toEqual(['CVE-2026-3000:cpe']);
  });

  it('answers as match when given the stored match keys', () => {
    const pump = component({
      name: 'Infusion Pump',
      vendor: 'ACME, Inc.',
      modelNumber: 'IP2000',
      version: '4.1.9',
    });
    const byName = component({ name: 'Infusion-Pump', vendor: 'Acme', version: '4.0' });
    for (const c of [pump, byName]) {
      expect(index.matchWithKeys(c, matchKeysOf(c))).toEqual(index.match(c));
      expect(index.match(c)).not.toEqual([]);
    }
    expect(index.matchWithKeys(pump, [])).toEqual([]);
  });
});

describe('evaluateCondition', () => {
  it('compares exact versions in the purl type ordering', () => {
    const c = component({ purl: 'pkg:maven/g/a@1.0.0' });
    expect(evaluateCondition({ type: 'exact', version: '1.0' }, c)).toBe(true);
    expect(evaluateCondition({ type: 'exact', version: '1.0.1' }, c)).toBe(false);
  });

  it('evaluates vers ranges and refuses a scheme without ordering', () => {
    const c = component({ version: '4.1.9' });
    expect(evaluateCondition({ type: 'vers', vers: 'vers:generic/>=4.0|<4.2.1' }, c)).toBe(true);
    expect(evaluateCondition({ type: 'vers', vers: 'vers:generic/>=4.2.1' }, c)).toBe(false);
    expect(evaluateCondition({ type: 'vers', vers: 'vers:nosuchscheme/<5' }, c)).toBe(false);
    expect(evaluateCondition({ type: 'all' }, component({}))).toBe(true);
  });

  it('matches CPE names per NISTIR 7696', () => {
    const c = component({ cpe: 'cpe:2.3:a:acme:pump_firmware:4.1.9:*:*:*:*:*:*:*' });
    expect(
      evaluateCondition({ type: 'cpe', cpe: 'cpe:2.3:a:acme:pump_firmware:4.1.9:*:*:*:*:*:*:*' }, c),
    ).toBe(true);
    expect(
      evaluateCondition({ type: 'cpe', cpe: 'cpe:2.3:a:acme:pump_firmware:4.2.1:*:*:*:*:*:*:*' }, c),
    ).toBe(false);
    expect(
      evaluateCondition(
        { type: 'cpe', cpe: 'cpe:2.3:a:acme:pump_firmware:4.1.9:*:*:*:*:*:*:*' },
        component({}),
      ),
    ).toBe(false);
  });
});

describe('matchRules', () => {
  it('tells which candidates an advisory affects', () => {
    const rules = rulesFromOsv(
      osv('GHSA-x', [
        {
          package: { ecosystem: 'npm', name: 'lodash' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
        },
      ]),
    );
    const candidates = ['4.17.20', '4.17.21', '3.10.1'].map((v) =>
      component({ name: 'lodash', purl: `pkg:npm/lodash@${v}` }),
    );
    expect(matchRules(rules, candidates).map((m) => m.index)).toEqual([0, 2]);
  });
});

/** Seeded PRNG (mulberry32): the differential test is random but reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOLS: Record<
  string,
  { name?: string; purl: (v: string) => string; versions: string[]; semver?: boolean }
> = {
  npm: {
    purl: (v) => `pkg:npm/p@${encodeURIComponent(v)}`,
    versions: [
      '0.1.0',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-beta',
      '1.0.0-rc.1',
      '1.0.0-rc',
      '1.0.0-rc.0',
      '1.0.0-preview.3',
      '1.0.0-next.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0-0',
      '2.0.0',
      'v2.1.0',
      '2.1.0+build.5',
      'x.y',
      '10.0.0',
    ],
    semver: true,
  },
  PyPI: {
    purl: (v) => `pkg:pypi/p@${encodeURIComponent(v)}`,
    versions: [
      '0.9',
      '1.0.dev1',
      '1.0a1',
      '1.0a1.post1',
      '1.0b2',
      '1.0rc1',
      '1.0',
      '1.0.0',
      '1.0.post1',
      '1.0.post',
      '1.0.dev',
      '1.0a',
      '1.0.0rc2',
      '1.0.post1.dev2',
      '1.0+local.1',
      '1.1',
      '1!0.5',
      '2.0c1',
      'not a version',
    ],
  },
  Maven: {
    name: 'g:a',
    purl: (v) => `pkg:maven/g/a@${encodeURIComponent(v)}`,
    versions: [
      '1.0-alpha-1',
      '1.0-beta-2',
      '1.0-M1',
      '1.0-RC1',
      '1.0-rc-1',
      '1-rc1',
      '1.0-rc2',
      '1.0-M2',
      '1.0.0.RELEASE',
      '1.0-SNAPSHOT',
      '1.0',
      '1.0.0',
      '1.0.Final',
      '1.0-sp1',
      '1.0.1',
      '1.1',
      '2.0',
      '2.0-rc1',
      '10.0',
    ],
  },
  Debian: {
    purl: (v) => `pkg:deb/debian/p@${encodeURIComponent(v)}`,
    versions: [
      '1.0-1',
      '1.0-1+deb12u1',
      '1.0~rc1-1',
      '1.0+dfsg-1',
      '1.1-1',
      '1:0.9-1',
      '1:1.0-1',
      '2:0.1',
      '1.0-1~bpo11+1',
      '0.9',
      '1.0',
      '_bad',
    ],
  },
  Go: {
    name: 'example.com/m',
    purl: (v) => `pkg:golang/example.com/m@${encodeURIComponent(v)}`,
    versions: [
      'v0.1.0',
      'v1.0.0-rc.1',
      'v1.0.0',
      'v1.2.3',
      'v1.10.0',
      'v2.0.0+incompatible',
      '1.2.4',
      'v3.0.0',
    ],
    semver: true,
  },
  RubyGems: {
    purl: (v) => `pkg:gem/p@${encodeURIComponent(v)}`,
    versions: ['1.0.0.rc1', '1.0.0.beta1', '1.0', '1.0.0', '1.0.1', '1.0.0.1', '1.1', '2.0.0.pre', '2.0.0'],
  },
  NuGet: {
    purl: (v) => `pkg:nuget/p@${encodeURIComponent(v)}`,
    versions: ['1.0.0-alpha', '1.0.0-Beta.2', '1.0.0', '1.0', '1.0.0.1', '1.0.1', '1.1.0-preview.1', '2.0.0'],
  },
  'AlmaLinux:9': {
    purl: (v) => `pkg:rpm/almalinux/p@${encodeURIComponent(v)}?distro=almalinux-9`,
    versions: [
      '1.0-1.el9',
      '1.0-2.el9',
      '1.0~rc1-1.el9',
      '1.0^post-1',
      '1:0.9-1.el9',
      '1.1-1.el9',
      '1.0',
      '2.0-1.el9_1',
    ],
  },
};

describe('the fast path agrees with isVersionAffected', () => {
  const random = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  for (const [ecosystem, pool] of Object.entries(POOLS)) {
    it(`on random ${ecosystem} ranges and versions`, () => {
      let compared = 0;
      for (let round = 0; round < 300; round++) {
        const events: OsvEvent[] = [];
        const count = 1 + Math.floor(random() * 4);
        for (let i = 0; i < count; i++) {
          const kind = pick([
            'introduced',
            'introduced',
            'fixed',
            'fixed',
            'last_affected',
            'limit',
          ] as const);
          const version = random() < 0.15 ? '0' : pick(pool.versions);
          events.push({ [kind]: version } as OsvEvent);
        }
        const affected: OsvAffected = {
          package: { ecosystem, name: pool.name ?? 'p' },
          ranges: [{ type: pool.semver === true && random() < 0.5 ? 'SEMVER' : 'ECOSYSTEM', events }],
          versions: random() < 0.3 ? [pick(pool.versions), pick(pool.versions)] : [],
        };
        const index = new MatchIndex(rulesFromOsv(osv('OSV-1', [affected])));
        for (const version of pool.versions) {
          const c = component({ name: 'p', purl: pool.purl(version), version });
          const matches = index.match(c);
          const label = `${ecosystem} ${version} in ${JSON.stringify(affected)}`;
          expect(matches.length > 0, label).toBe(isVersionAffected(affected, version));
          expect(index.matchWithKeys(c, matchKeysOf(c)), label).toEqual(matches);
          compared++;
        }
      }
      expect(compared).toBe(300 * pool.versions.length);
    });
  }
});
