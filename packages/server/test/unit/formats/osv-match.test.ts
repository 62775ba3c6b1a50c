import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdvisoryProduct, AdvisoryVulnerability } from '@clearinghouse/shared';
import { describe, expect, it } from 'vitest';
import {
  buildOsvRecords,
  type OsvAffected,
  type OsvEvent,
  type OsvRecord,
} from '../../../src/formats/osv.js';
import {
  affectedBy,
  affectedByCommit,
  affectedEntriesFor,
  isCommitAffected,
  isEcosystemSupported,
  isVersionAffected,
  versionSchemeForEcosystem,
} from '@clearinghouse/shared/matching';
import { createOsvValidator } from '../../../src/formats/osv-schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaPath = path.resolve(
  here,
  '..',
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'standards',
  'osv',
  'schema.json',
);
const validate = createOsvValidator(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

function buildAffected(
  ecosystem: string,
  events: OsvEvent[],
  type: 'SEMVER' | 'ECOSYSTEM' = 'ECOSYSTEM',
  versions?: string[],
): OsvAffected {
  return {
    package: { ecosystem, name: 'acme' },
    ranges: [{ type, events }],
    ...(versions === undefined ? {} : { versions }),
  };
}

function buildRecord(affected: OsvAffected[]): OsvRecord {
  const record: OsvRecord = {
    schema_version: '1.7.0',
    id: 'x_CH-2026-0001',
    modified: '2026-01-01T00:00:00Z',
    affected,
  };
  expect(validate(record).problems).toEqual([]);
  return record;
}

/**
 * Per ecosystem: a range, then versions that are and are not affected. Each table includes versions
 * whose ecosystem order differs from their order as text, so a string comparison would fail.
 */
const TABLE: {
  ecosystem: string;
  type?: 'SEMVER' | 'ECOSYSTEM';
  events: OsvEvent[];
  affected: string[];
  unaffected: string[];
}[] = [
  {
    ecosystem: 'npm',
    type: 'SEMVER',
    events: [{ introduced: '1.2.0' }, { fixed: '1.10.0' }],
    affected: ['1.2.0', '1.9.9', '1.10.0-rc.1'],
    unaffected: ['1.1.9', '1.2.0-beta.1', '1.10.0', '1.11.0', '10.0.0'],
  },
  {
    ecosystem: 'npm',
    type: 'SEMVER',
    events: [{ introduced: '0' }, { last_affected: '2.1.214' }],
    affected: ['0.0.1', '2.1.9', '2.1.214'],
    unaffected: ['2.1.215', '2.2.0'],
  },
  {
    ecosystem: 'PyPI',
    events: [{ introduced: '1.0rc1' }, { fixed: '1.0.post1' }],
    affected: ['1.0rc1', '1.0rc2', '1.0', '1.0.0'],
    unaffected: ['1.0b9', '1.0.dev1', '1.0.post1', '1.1', '0.9'],
  },
  {
    ecosystem: 'Maven',
    events: [{ introduced: '1.0-alpha' }, { fixed: '1.0' }, { introduced: '2.0' }, { fixed: '2.0.11' }],
    affected: ['1.0-alpha', '1.0-beta-2', '1.0-rc1', '2.0', '2.0.9', '2.0.10'],
    unaffected: ['0.9', '1.0', '1.0.0', '1.5', '2.0-rc1', '2.0.11', '2.1'],
  },
  {
    ecosystem: 'Go',
    type: 'SEMVER',
    events: [{ introduced: '1.2.0' }, { fixed: '1.2.10' }],
    affected: ['1.2.0', 'v1.2.0', 'v1.2.9', '1.2.9'],
    unaffected: ['v1.1.0', 'v1.2.10', '1.2.10', 'v1.3.0', 'v1.2.0-rc.1'],
  },
  {
    ecosystem: 'Go',
    events: [{ introduced: '0' }, { fixed: '0.0.0-20240601000000-abcdefabcdef' }],
    affected: ['v0.0.0-20240101000000-abcdefabcdef'],
    unaffected: ['v0.0.0-20240701000000-abcdefabcdef', 'v0.1.0'],
  },
  {
    ecosystem: 'crates.io',
    type: 'SEMVER',
    events: [{ introduced: '0.2.0' }, { fixed: '0.2.9' }, { introduced: '0.3.0' }, { fixed: '0.3.4' }],
    affected: ['0.2.0', '0.2.8', '0.3.0', '0.3.3'],
    unaffected: ['0.1.99', '0.2.9', '0.2.10', '0.3.4', '0.10.0'],
  },
  {
    ecosystem: 'NuGet',
    events: [{ introduced: '1.0.0.2' }, { fixed: '1.0.0.10' }],
    affected: ['1.0.0.2', '1.0.0.9', '1.0.0.10-beta'],
    unaffected: ['1.0.0.1', '1.0.0.10', '1.0.1', '1.0'],
  },
  {
    ecosystem: 'RubyGems',
    events: [{ introduced: '2.0.0.pre1' }, { fixed: '2.0.10' }],
    affected: ['2.0.0.pre1', '2.0.0.rc1', '2.0.0', '2.0.9'],
    unaffected: ['1.9.9', '2.0.0.a', '2.0.10', '2.1.0'],
  },
  {
    ecosystem: 'Debian:12',
    events: [{ introduced: '0' }, { fixed: '1:0.9-1' }],
    affected: ['2.0', '9.9-1', '1:0.8', '1:0.9~rc1-1'],
    unaffected: ['1:0.9-1', '1:0.10', '2:0.1'],
  },
  {
    ecosystem: 'Ubuntu:22.04:LTS',
    events: [{ introduced: '3.0.2-0ubuntu1' }, { fixed: '3.0.2-0ubuntu1.15' }],
    affected: ['3.0.2-0ubuntu1', '3.0.2-0ubuntu1.9', '3.0.2-0ubuntu1.14'],
    unaffected: ['3.0.1-0ubuntu1', '3.0.2-0ubuntu1.15', '3.0.2-0ubuntu1.100'],
  },
  {
    ecosystem: 'Red Hat',
    events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9' }],
    affected: ['3.9.9-1.el9', '1:3.0.7-24.el9', '1:3.0.7-9.el9'],
    unaffected: ['1:3.0.7-25.el9', '1:3.0.7-100.el9', '2:0.1-1'],
  },
  {
    ecosystem: 'AlmaLinux:9',
    events: [{ introduced: '1.0~rc1-1' }, { fixed: '1.0-2' }],
    affected: ['1.0~rc1-1', '1.0~rc2-1', '1.0-1'],
    unaffected: ['1.0~beta-1', '1.0-2', '1.0.1-1'],
  },
  {
    ecosystem: 'Rocky Linux',
    events: [{ introduced: '1.2-1' }, { last_affected: '1.2-9' }],
    affected: ['1.2-1', '1.2-9'],
    unaffected: ['1.2-10', '1.10-1'],
  },
  {
    ecosystem: 'openSUSE',
    events: [{ introduced: '2.0' }],
    affected: ['2.0', '10.0'],
    unaffected: ['1.99', '2.0~beta1'],
  },
  {
    ecosystem: 'SUSE',
    events: [{ introduced: '0' }, { fixed: '4.10-1' }],
    affected: ['4.9-1', '4.10~rc1-1'],
    unaffected: ['4.10-1', '4.100-1'],
  },
];

describe('isVersionAffected per ecosystem', () => {
  for (const { ecosystem, type, events, affected, unaffected } of TABLE) {
    const entry = buildAffected(ecosystem, events, type ?? 'ECOSYSTEM');
    const label = `${ecosystem} ${type ?? 'ECOSYSTEM'} ${JSON.stringify(events)}`;
    it(`${label}: affected`, () => {
      buildRecord([entry]);
      for (const v of affected) expect(isVersionAffected(entry, v), v).toBe(true);
    });
    it(`${label}: not affected`, () => {
      for (const v of unaffected) expect(isVersionAffected(entry, v), v).toBe(false);
    });
  }
});

describe('isVersionAffected: the evaluation algorithm', () => {
  it('treats introduced 0 as the beginning, with every version affected when nothing follows', () => {
    const entry = buildAffected('npm', [{ introduced: '0' }], 'SEMVER');
    expect(isVersionAffected(entry, '0.0.0')).toBe(true);
    expect(isVersionAffected(entry, '99.0.0')).toBe(true);
  });

  it('sorts events by version before evaluating (they may be written in any order)', () => {
    const entry = buildAffected('PyPI', [
      { fixed: '1.0' },
      { fixed: '2.0.1' },
      { introduced: '2.0' },
      { introduced: '0' },
    ]);
    expect(isVersionAffected(entry, '0.5')).toBe(true);
    expect(isVersionAffected(entry, '1.5')).toBe(false);
    expect(isVersionAffected(entry, '2.0')).toBe(true);
    expect(isVersionAffected(entry, '2.0.1')).toBe(false);
  });

  it('honours limit events: only versions below a limit are considered', () => {
    const entry = buildAffected('npm', [{ introduced: '1.0.0' }, { limit: '1.5.0' }], 'SEMVER');
    expect(isVersionAffected(entry, '1.4.9')).toBe(true);
    expect(isVersionAffected(entry, '1.5.0')).toBe(false);
    expect(isVersionAffected(entry, '2.0.0')).toBe(false);
    const star = buildAffected('npm', [{ introduced: '1.0.0' }, { limit: '*' }], 'SEMVER');
    expect(isVersionAffected(star, '9.0.0')).toBe(true);
    expect(isVersionAffected(star, '0.9.0')).toBe(false);
  });

  it('matches the explicit versions list, equal in the ecosystem ordering', () => {
    const entry: OsvAffected = {
      package: { ecosystem: 'Maven', name: 'org.acme:core' },
      versions: ['1.0', '2.3.1'],
    };
    expect(isVersionAffected(entry, '1.0')).toBe(true);
    expect(isVersionAffected(entry, '1.0.0')).toBe(true);
    expect(isVersionAffected(entry, '2.3.1')).toBe(true);
    expect(isVersionAffected(entry, '2.3')).toBe(false);
    const go: OsvAffected = {
      package: { ecosystem: 'Go', name: 'github.com/acme/mod' },
      versions: ['1.2.3'],
    };
    expect(isVersionAffected(go, 'v1.2.3')).toBe(true);
  });

  it('for an ecosystem without an ordering, matches only the versions list', () => {
    expect(isEcosystemSupported('Pub')).toBe(false);
    expect(isEcosystemSupported('Packagist')).toBe(false);
    expect(isEcosystemSupported('Debian:12')).toBe(true);
    expect(isEcosystemSupported('Alpine:v3.18')).toBe(true);
    expect(versionSchemeForEcosystem('no-such-ecosystem')).toBeUndefined();
    const entry = buildAffected('Pub', [{ introduced: '0' }], 'ECOSYSTEM', ['1.2.3-r0']);
    expect(isVersionAffected(entry, '1.2.3-r0')).toBe(true);
    expect(isVersionAffected(entry, '1.2.4-r0')).toBe(false);
  });

  it('a SEMVER range is evaluated even in an ecosystem without its own ordering', () => {
    const entry = buildAffected('Packagist', [{ introduced: '5.0.0' }, { fixed: '5.4.10' }], 'SEMVER');
    expect(isVersionAffected(entry, '5.4.9')).toBe(true);
    expect(isVersionAffected(entry, '5.4.10')).toBe(false);
  });

  it('is not affected by a version invalid in the ordering, and does not throw', () => {
    const entry = buildAffected('npm', [{ introduced: '0' }, { fixed: '2.0.0' }], 'SEMVER');
    expect(isVersionAffected(entry, 'not-a-version')).toBe(false);
    const broken = buildAffected('PyPI', [{ introduced: '0' }, { fixed: 'garbage!' }]);
    expect(isVersionAffected(broken, '1.0')).toBe(false);
  });

  it('does not evaluate GIT ranges for versions', () => {
    const entry: OsvAffected = {
      package: { ecosystem: 'npm', name: 'acme' },
      ranges: [{ type: 'GIT', repo: 'https://github.com/acme/acme', events: [{ introduced: '0' }] }],
    };
    expect(isVersionAffected(entry, '1.0.0')).toBe(false);
  });
});

describe('commit queries', () => {
  const introduced = 'a'.repeat(40);
  const fixed = 'b'.repeat(40);
  const last = 'c'.repeat(40);
  const listed = 'd'.repeat(40);
  const entry: OsvAffected = {
    package: { ecosystem: 'npm', name: 'acme' },
    ranges: [
      { type: 'GIT', repo: 'https://github.com/acme/acme', events: [{ introduced }, { fixed }] },
      {
        type: 'GIT',
        repo: 'https://github.com/acme/acme',
        events: [{ introduced: '0' }, { last_affected: last }],
      },
    ],
    versions: [listed],
  };

  it('matches a commit named as introduced or last_affected, or listed, and not a fixed one', () => {
    const record = buildRecord([entry]);
    expect(isCommitAffected(entry, introduced)).toBe(true);
    expect(isCommitAffected(entry, last.toUpperCase())).toBe(true);
    expect(isCommitAffected(entry, listed)).toBe(true);
    expect(isCommitAffected(entry, listed.slice(0, 12))).toBe(true);
    expect(isCommitAffected(entry, fixed)).toBe(false);
    expect(isCommitAffected(entry, 'e'.repeat(40))).toBe(false);
    expect(isCommitAffected(entry, 'aaa')).toBe(false);
    expect(isCommitAffected(entry, '0')).toBe(false);
    expect(affectedByCommit(record, introduced)).toBe(true);
    expect(affectedByCommit(record, fixed)).toBe(false);
  });
});

describe('affectedBy', () => {
  const record = buildRecord([
    {
      package: { ecosystem: 'PyPI', name: 'Acme_Tool', purl: 'pkg:pypi/acme-tool' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }],
    },
    {
      package: { ecosystem: 'Debian:12', name: 'openssl', purl: 'pkg:deb/debian/openssl' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }],
    },
    {
      package: { ecosystem: 'Maven', name: 'org.acme:core', purl: 'pkg:maven/org.acme/core' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }],
    },
    {
      package: { ecosystem: 'npm', name: '@acme/widget', purl: 'pkg:npm/%40acme/widget' },
      versions: ['1.2.3'],
    },
    {
      package: { ecosystem: 'Go', name: 'github.com/acme/mod', purl: 'pkg:golang/github.com/acme/mod' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.1' }] }],
    },
  ]);

  it('matches by ecosystem and name (PyPI names per PEP 503)', () => {
    expect(affectedBy(record, { ecosystem: 'PyPI', name: 'acme-tool' }, '1.0rc1')).toBe(true);
    expect(affectedBy(record, { ecosystem: 'PyPI', name: 'ACME.tool' }, '1.0')).toBe(false);
    expect(affectedBy(record, { ecosystem: 'npm', name: 'acme-tool' }, '0.1.0')).toBe(false);
    expect(affectedBy(record, { ecosystem: 'Maven', name: 'org.acme:core' }, '1.0-SNAPSHOT')).toBe(true);
    expect(affectedBy(record, { ecosystem: 'Maven', name: 'org.acme:other' }, '0.1')).toBe(false);
  });

  it('matches by purl, taking the version from the purl unless one is given', () => {
    expect(affectedBy(record, { purl: 'pkg:pypi/Acme.Tool@0.9' })).toBe(true);
    expect(affectedBy(record, { purl: 'pkg:pypi/acme_tool@1.0' })).toBe(false);
    expect(affectedBy(record, { purl: 'pkg:pypi/acme_tool@1.0' }, '0.1')).toBe(true);
    expect(affectedBy(record, { purl: 'pkg:npm/%40acme/widget@1.2.3' })).toBe(true);
    expect(affectedBy(record, { purl: 'pkg:npm/%40acme/widget@1.2.4' })).toBe(false);
    expect(affectedBy(record, { purl: 'pkg:maven/org.acme/core@1.0-alpha-1?type=jar' })).toBe(true);
    expect(affectedBy(record, { purl: 'pkg:golang/github.com/acme/mod@v1.3.0' })).toBe(true);
    expect(affectedBy(record, { purl: 'pkg:golang/github.com/acme/mod@v1.3.1' })).toBe(false);
  });

  it('scopes Debian releases: a distro qualifier must agree with the record', () => {
    expect(affectedBy(record, { purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12' })).toBe(
      true,
    );
    expect(affectedBy(record, { purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=bookworm' })).toBe(
      true,
    );
    expect(affectedBy(record, { purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-11' })).toBe(
      false,
    );
    expect(affectedBy(record, { purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1' })).toBe(true);
    expect(affectedBy(record, { ecosystem: 'Debian', name: 'openssl' }, '3.0.11-1~deb12u2')).toBe(false);
  });

  it('without a version, tells whether the package is listed at all', () => {
    expect(affectedBy(record, { purl: 'pkg:npm/%40acme/widget' })).toBe(true);
    expect(affectedBy(record, { purl: 'pkg:npm/other' })).toBe(false);
    expect(affectedBy(record, { purl: 'not a purl' })).toBe(false);
    expect(affectedBy(record, { purl: 'pkg:github/acme/widget@1.0' })).toBe(false);
    expect(affectedEntriesFor(record, { ecosystem: 'Maven', name: 'org.acme:core' })).toHaveLength(1);
  });

  it('evaluates records built from advisories (round trip through the builder)', () => {
    const products = [
      { key: 'a', purl: 'pkg:pypi/acme', range: 'vers:pypi/>=1.0rc1|<1.0.2' },
      { key: 'b', purl: 'pkg:maven/org.acme/core', range: 'vers:maven/>=1.0-alpha|<=1.0.3' },
      { key: 'c', purl: 'pkg:deb/debian/acme?distro=debian-12', range: 'vers:deb/>=1:0.9' },
      {
        key: 'd',
        purl: 'pkg:deb/debian/acme?distro=debian-12',
        version: '1:0.9-4',
        status: 'fixed' as const,
      },
      { key: 'e', purl: 'pkg:rpm/redhat/acme', range: 'vers:rpm/<1.0~rc2-1' },
      { key: 'f', purl: 'pkg:golang/github.com/acme/mod', range: 'vers:golang/>=v1.2.0|<v1.3.1' },
      { key: 'g', purl: 'pkg:nuget/Acme.Core', range: 'vers:nuget/<1.0.0.10' },
    ];
    const { record: built, problems } = buildOsvRecords({
      id: 'CH-2026-0042',
      published: '2026-03-01T10:00:00Z',
      modified: '2026-03-01T10:00:00Z',
      aliases: [],
      vulnerability: AdvisoryVulnerability.parse({
        title: 'Example vulnerability',
        statuses: products.map((p) => ({ productKey: p.key, status: p.status ?? 'affected' })),
      }),
      products: products.map((p) => AdvisoryProduct.parse({ vendor: 'Acme', product: p.key, ...p })),
      advisoryUrl: 'https://csaf.example.org/2026/ch-2026-0042.json',
      credits: [],
    });
    expect(problems).toEqual([]);
    expect(validate(built).problems).toEqual([]);
    const cases: [string, boolean][] = [
      ['pkg:pypi/acme@1.0rc1', true],
      ['pkg:pypi/acme@1.0', true],
      ['pkg:pypi/acme@1.0b1', false],
      ['pkg:pypi/acme@1.0.2', false],
      ['pkg:maven/org.acme/core@1.0-alpha', true],
      ['pkg:maven/org.acme/core@1.0.3', true],
      ['pkg:maven/org.acme/core@1.0.4', false],
      ['pkg:deb/debian/acme@1:0.9-3?distro=debian-12', true],
      ['pkg:deb/debian/acme@2.0-1?distro=debian-12', false],
      ['pkg:deb/debian/acme@1:0.9-4?distro=debian-12', false],
      ['pkg:rpm/redhat/acme@1.0~rc1-1', true],
      ['pkg:rpm/redhat/acme@1.0-1', false],
      ['pkg:golang/github.com/acme/mod@v1.3.0', true],
      ['pkg:golang/github.com/acme/mod@v1.3.1', false],
      ['pkg:nuget/Acme.Core@1.0.0.9', true],
      ['pkg:nuget/Acme.Core@1.0.0.10', false],
    ];
    for (const [purl, expected] of cases) expect(affectedBy(built, { purl }), purl).toBe(expected);
  });
});
