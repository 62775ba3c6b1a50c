import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdvisoryProduct,
  AdvisoryVulnerability,
  type AdvisoryVulnerability as AdvisoryVulnerabilityType,
  type ProductStatusEntry,
} from '@clearinghouse/shared';
import { describe, expect, it } from 'vitest';
import {
  buildOsvRecords,
  ecosystemForPurlType,
  isOsvEcosystem,
  OsvError,
  type OsvBuildInput,
  type OsvRecord,
  osvRecordId,
  purlTypeForEcosystem,
} from '../../../src/formats/osv.js';
import { normalizePypiName, osvPackageFromPurl } from '@clearinghouse/shared/matching';
import { createOsvValidator, OsvSchemaError, validateOsvRecord } from '../../../src/formats/osv-schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const osvDir = path.resolve(here, '..', '..', '..', '..', '..', '..', 'shared', 'standards', 'osv');
const schema = JSON.parse(readFileSync(path.join(osvDir, 'schema.json'), 'utf8')) as object;
const ecosystemsDoc = JSON.parse(readFileSync(path.join(osvDir, 'ecosystems.json'), 'utf8')) as Record<
  string,
  string
>;
const validate = createOsvValidator(schema);

// ---- factories ------------------------------------------------------------------------

type ProductInput = Partial<AdvisoryProduct> & { key: string; status?: ProductStatusEntry['status'] };

function buildProduct(p: ProductInput): AdvisoryProduct {
  return AdvisoryProduct.parse({ vendor: 'Acme', product: p.key, ...p });
}

function statusOf(p: ProductInput): ProductStatusEntry {
  const status = p.status ?? 'affected';
  return {
    productKey: p.key,
    status,
    justification: status === 'not_affected' ? 'vulnerable_code_not_present' : null,
    statement: '',
  };
}

function buildInput(
  products: ProductInput[],
  vulnerability: Partial<AdvisoryVulnerabilityType> = {},
  overrides: Partial<OsvBuildInput> = {},
): OsvBuildInput {
  return {
    id: 'CH-2026-0042',
    published: '2026-03-01T10:00:00Z',
    modified: '2026-03-02T11:30:00Z',
    aliases: ['CVE-2026-12345'],
    vulnerability: AdvisoryVulnerability.parse({
      title: 'Path traversal in the upload handler',
      notes: 'A crafted file name writes outside the upload directory.',
      cveId: 'CVE-2026-12345',
      statuses: products.map(statusOf),
      ...vulnerability,
    }),
    products: products.map(buildProduct),
    advisoryUrl: 'https://csaf.example.org/2026/ch-2026-0042.json',
    credits: [],
    ...overrides,
  };
}

function build(products: ProductInput[], vulnerability: Partial<AdvisoryVulnerabilityType> = {}) {
  const result = buildOsvRecords(buildInput(products, vulnerability));
  const verdict = validate(result.record);
  expect(verdict.problems).toEqual([]);
  expect(verdict.valid).toBe(true);
  return result;
}

function onlyAffected(record: OsvRecord) {
  expect(record.affected).toHaveLength(1);
  const [affected] = record.affected ?? [];
  if (affected === undefined) throw new Error('no affected entry');
  return affected;
}

// ---- the validator itself -------------------------------------------------------------

describe('createOsvValidator', () => {
  it('uses a draft 2020-12 schema (the official one)', () => {
    expect((schema as { $schema?: string }).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts a minimal record and rejects one without modified', () => {
    expect(validate({ id: 'GHSA-xxxx-xxxx-xxxx', modified: '2026-01-01T00:00:00Z' }).valid).toBe(true);
    const bad = validate({ id: 'GHSA-xxxx-xxxx-xxxx' });
    expect(bad.valid).toBe(false);
    expect(bad.problems.some((p) => p.message.includes('modified'))).toBe(true);
  });

  it('rejects an unregistered id prefix, a non-UTC timestamp and an unknown ecosystem, all at once', () => {
    const result = validate({
      id: 'CH-2026-0042',
      modified: '2026-01-01T00:00:00+02:00',
      affected: [{ package: { ecosystem: 'npmjs', name: 'x' } }],
    });
    expect(result.valid).toBe(false);
    const paths = result.problems.map((p) => p.path);
    expect(paths).toContain('/id');
    expect(paths).toContain('/modified');
    expect(paths).toContain('/affected/0/package/ecosystem');
  });

  it('rejects fixed and last_affected in one range', () => {
    const result = validate({
      id: 'OSV-2026-1',
      modified: '2026-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'x' },
          ranges: [
            { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { last_affected: '2.0.0' }] },
          ],
        },
      ],
    });
    expect(result.valid).toBe(false);
  });

  it('reports additional properties by name', () => {
    const result = validate({ id: 'OSV-2026-1', modified: '2026-01-01T00:00:00Z', extra: true });
    expect(result.problems).toContainEqual({
      path: '',
      message: 'must NOT have additional properties: extra',
    });
  });

  it('throws OsvSchemaError for a schema that does not compile, and caches per schema object', () => {
    expect(() => createOsvValidator({ type: 'no-such-type' })).toThrow(OsvSchemaError);
    expect(validateOsvRecord({ id: 'OSV-1', modified: '2026-01-01T00:00:00Z' }, schema).valid).toBe(true);
    expect(validateOsvRecord({ id: 'OSV-1' }, schema).valid).toBe(false);
  });
});

// ---- package identity -----------------------------------------------------------------

describe('OSV ecosystems and purl types', () => {
  it('knows every ecosystem of the official ecosystems.json, with and without a release suffix', () => {
    for (const name of Object.keys(ecosystemsDoc)) {
      expect(isOsvEcosystem(name), name).toBe(true);
      expect(isOsvEcosystem(`${name}:1`), name).toBe(true);
    }
    expect(isOsvEcosystem('npmjs')).toBe(false);
    expect(isOsvEcosystem('pypi')).toBe(false);
    expect(isOsvEcosystem('Debian:')).toBe(false);
  });

  it.each([
    ['npm', null, 'npm'],
    ['pypi', null, 'PyPI'],
    ['maven', 'org.acme', 'Maven'],
    ['golang', 'github.com/acme', 'Go'],
    ['cargo', null, 'crates.io'],
    ['nuget', null, 'NuGet'],
    ['gem', null, 'RubyGems'],
    ['composer', 'acme', 'Packagist'],
    ['hex', null, 'Hex'],
    ['pub', null, 'Pub'],
    ['swift', 'github.com/apple', 'SwiftURL'],
    ['deb', 'debian', 'Debian'],
    ['deb', 'ubuntu', 'Ubuntu'],
    ['rpm', 'redhat', 'Red Hat'],
    ['rpm', 'almalinux', 'AlmaLinux'],
    ['rpm', 'rocky', 'Rocky Linux'],
    ['rpm', 'opensuse', 'openSUSE'],
    ['rpm', 'suse', 'SUSE'],
    ['apk', 'alpine', 'Alpine'],
  ] as const)('purl type %s/%s → %s and back', (type, namespace, ecosystem) => {
    expect(ecosystemForPurlType(type, namespace)).toBe(ecosystem);
    expect(isOsvEcosystem(ecosystem)).toBe(true);
    expect(purlTypeForEcosystem(ecosystem)).toBe(type);
  });

  it('has no ecosystem for github, generic, or an unknown rpm or deb distribution', () => {
    expect(ecosystemForPurlType('github', 'acme')).toBeUndefined();
    expect(ecosystemForPurlType('generic')).toBeUndefined();
    expect(ecosystemForPurlType('rpm', 'fedora')).toBeUndefined();
    expect(ecosystemForPurlType('rpm')).toBeUndefined();
    expect(ecosystemForPurlType('deb', 'raspbian')).toBeUndefined();
    expect(purlTypeForEcosystem('GIT')).toBeUndefined();
    expect(purlTypeForEcosystem('Debian:12')).toBe('deb');
  });

  it.each([
    ['pkg:npm/%40acme/widget@1.0.0', 'npm', '@acme/widget', 'pkg:npm/%40acme/widget'],
    ['pkg:pypi/Django_REST.framework@3.0', 'PyPI', 'django-rest.framework', 'pkg:pypi/django-rest.framework'],
    ['pkg:maven/org.acme/core@1.0?type=jar', 'Maven', 'org.acme:core', 'pkg:maven/org.acme/core'],
    [
      'pkg:golang/github.com/acme/mod/v2@v2.0.1',
      'Go',
      'github.com/acme/mod/v2',
      'pkg:golang/github.com/acme/mod/v2',
    ],
    ['pkg:deb/debian/openssl@3.0.11-1?distro=debian-12', 'Debian:12', 'openssl', 'pkg:deb/debian/openssl'],
    ['pkg:deb/debian/openssl?distro=bookworm', 'Debian:12', 'openssl', 'pkg:deb/debian/openssl'],
    ['pkg:deb/debian/openssl?distro=sid', 'Debian:sid', 'openssl', 'pkg:deb/debian/openssl'],
    ['pkg:deb/debian/openssl', 'Debian', 'openssl', 'pkg:deb/debian/openssl'],
    ['pkg:deb/ubuntu/openssl?distro=ubuntu-22.04', 'Ubuntu:22.04:LTS', 'openssl', 'pkg:deb/ubuntu/openssl'],
    ['pkg:deb/ubuntu/openssl?distro=ubuntu-23.10', 'Ubuntu:23.10', 'openssl', 'pkg:deb/ubuntu/openssl'],
    ['pkg:rpm/redhat/openssl?arch=x86_64', 'Red Hat', 'openssl', 'pkg:rpm/redhat/openssl'],
    ['pkg:rpm/almalinux/openssl?distro=almalinux-9.3', 'AlmaLinux:9', 'openssl', 'pkg:rpm/almalinux/openssl'],
    ['pkg:apk/alpine/openssl?distro=alpine-3.18', 'Alpine:v3.18', 'openssl', 'pkg:apk/alpine/openssl'],
    ['pkg:composer/laravel/framework', 'Packagist', 'laravel/framework', 'pkg:composer/laravel/framework'],
  ])('%s → %s %s', (purl, ecosystem, name, base) => {
    expect(osvPackageFromPurl(purl)).toEqual({ ok: true, package: { ecosystem, name, purl: base } });
  });

  it('names a swift package by its URL and leaves out the purl it cannot write without a version', () => {
    expect(osvPackageFromPurl('pkg:swift/github.com/apple/swift-nio@2.0.0')).toEqual({
      ok: true,
      package: { ecosystem: 'SwiftURL', name: 'github.com/apple/swift-nio' },
    });
  });

  it('explains why Ubuntu and Alpine need a release, and rejects invalid purls', () => {
    const ubuntu = osvPackageFromPurl('pkg:deb/ubuntu/openssl');
    expect(ubuntu.ok).toBe(false);
    expect(ubuntu.ok ? '' : ubuntu.reason).toMatch(/distro qualifier/);
    expect(osvPackageFromPurl('pkg:apk/alpine/openssl').ok).toBe(false);
    expect(osvPackageFromPurl('not a purl').ok).toBe(false);
    expect(osvPackageFromPurl('pkg:github/acme/widget').ok).toBe(false);
  });

  it('normalizes PyPI names per PEP 503', () => {
    expect(normalizePypiName('Friendly-Bard')).toBe('friendly-bard');
    expect(normalizePypiName('FRIENDLY__bard')).toBe('friendly-bard');
    expect(normalizePypiName('friendly.-_bard')).toBe('friendly-bard');
  });
});

// ---- records --------------------------------------------------------------------------

describe('buildOsvRecords: record fields', () => {
  it('builds a complete, valid record', () => {
    const { record, problems } = build(
      [
        { key: 'w1', purl: 'pkg:npm/%40acme/widget', range: 'vers:npm/>=1.0.0|<1.4.2' },
        { key: 'w2', purl: 'pkg:npm/%40acme/widget', version: '1.4.2', status: 'fixed' },
      ],
      {
        cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        cvss40: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        cwe: 'CWE-22',
        exploited: true,
        exploitedSince: '2026-02-20',
        ssvc: {
          exploitation: 'active',
          automatable: 'yes',
          technicalImpact: 'total',
          missionWellbeing: 'high',
          decision: 'act',
          vector: 'SSVCv2/E:A/A:Y/T:T/P:S/B:A/M:H/D:C/2026-03-01T10:00:00Z/',
        },
        remediations: [
          {
            category: 'vendor_fix',
            details: 'Upgrade to 1.4.2.',
            url: 'https://github.com/acme/widget/commit/abc',
            productKeys: ['w1'],
          },
          {
            category: 'workaround',
            details: 'Disable uploads.',
            url: 'https://acme.example/kb/42',
            productKeys: ['w1'],
          },
          { category: 'mitigation', details: 'No link.', url: null, productKeys: ['w1'] },
        ],
        references: [
          { url: 'https://acme.example/blog/uploads', summary: 'Blog', category: 'external' },
          { url: 'https://acme.example/security/ch-2026-0042', summary: 'HTML', category: 'self' },
          { url: 'https://github.com/acme/widget/commit/abc', summary: 'Fix commit', category: 'external' },
        ],
      },
    );
    expect(problems).toEqual([]);
    expect(record).toEqual({
      schema_version: '1.7.0',
      id: 'x_CH-2026-0042',
      modified: '2026-03-02T11:30:00Z',
      published: '2026-03-01T10:00:00Z',
      aliases: ['CVE-2026-12345'],
      summary: 'Path traversal in the upload handler',
      details: 'A crafted file name writes outside the upload directory.',
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
      ],
      affected: [
        {
          package: { ecosystem: 'npm', name: '@acme/widget', purl: 'pkg:npm/%40acme/widget' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.4.2' }] }],
        },
      ],
      references: [
        { type: 'ADVISORY', url: 'https://csaf.example.org/2026/ch-2026-0042.json' },
        { type: 'FIX', url: 'https://github.com/acme/widget/commit/abc' },
        { type: 'WEB', url: 'https://acme.example/blog/uploads' },
        { type: 'ADVISORY', url: 'https://acme.example/security/ch-2026-0042' },
        { type: 'WEB', url: 'https://acme.example/kb/42' },
      ],
      database_specific: {
        ssvc: { vector: 'SSVCv2/E:A/A:Y/T:T/P:S/B:A/M:H/D:C/2026-03-01T10:00:00Z/', decision: 'act' },
        cwe_ids: ['CWE-22'],
        exploited: true,
        exploited_since: '2026-02-20',
      },
    });
  });

  it('keeps a registered id, adds the CVE alias once and never aliases itself', () => {
    expect(osvRecordId('GHSA-abcd-efgh-ijkl')).toBe('GHSA-abcd-efgh-ijkl');
    expect(osvRecordId('CH-2026-0042')).toBe('x_CH-2026-0042');
    const { record } = buildOsvRecords(
      buildInput([], {}, { id: 'CVE-2026-12345', aliases: ['CVE-2026-12345', 'GHSA-abcd-efgh-ijkl'] }),
    );
    expect(record.id).toBe('CVE-2026-12345');
    expect(record.aliases).toEqual(['GHSA-abcd-efgh-ijkl']);
    expect(validate(record).valid).toBe(true);
  });

  it('converts timestamps with an offset to UTC, sets withdrawn and related, and rejects a non-timestamp', () => {
    const { record } = buildOsvRecords(
      buildInput(
        [],
        {},
        {
          published: '2026-03-01T12:00:00+02:00',
          withdrawn: '2026-04-01T00:00:00.5Z',
          related: ['CVE-2026-1', 'CVE-2026-1'],
          summary: '  Withdrawn: duplicate ',
        },
      ),
    );
    expect(record.published).toBe('2026-03-01T10:00:00.000Z');
    expect(record.withdrawn).toBe('2026-04-01T00:00:00.5Z');
    expect(record.related).toEqual(['CVE-2026-1']);
    expect(record.summary).toBe('Withdrawn: duplicate');
    expect(validate(record).valid).toBe(true);
    expect(() => buildOsvRecords(buildInput([], {}, { modified: 'yesterday' }))).toThrow(OsvError);
  });

  it('credits acknowledged people with their organization, or the organization alone', () => {
    const { record } = buildOsvRecords(
      buildInput(
        [],
        {},
        {
          credits: [
            { names: ['Kim Lee', 'Sam Roe'], organization: 'Example Labs', summary: '' },
            { names: [], organization: 'CERT Example', summary: 'coordination' },
            { names: ['Ana'], organization: null, summary: '' },
            { names: [], organization: null, summary: 'anonymous' },
          ],
        },
      ),
    );
    expect(record.credits).toEqual([
      { name: 'Kim Lee (Example Labs)' },
      { name: 'Sam Roe (Example Labs)' },
      { name: 'CERT Example' },
      { name: 'Ana' },
    ]);
    expect(validate(record).valid).toBe(true);
  });

  it('omits empty optional parts and reports an unusable CVSS vector', () => {
    const { record, problems } = build([], { notes: '', cvss31: 'CVSS:3.1/AV:N', cvss40: null });
    expect(record.details).toBeUndefined();
    expect(record.severity).toBeUndefined();
    expect(record.credits).toBeUndefined();
    expect(record.affected).toEqual([]);
    expect(record.database_specific).toEqual({ exploited: false });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/CVSS vector CVSS:3.1\/AV:N left out/);
  });

  it('puts a CVSS 4.0 vector found in the 3.1 field nowhere', () => {
    const { record, problems } = build([], {
      cvss31: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    });
    expect(record.severity).toBeUndefined();
    expect(problems[0]?.message).toMatch(/not CVSS 3\.x/);
  });
});

describe('buildOsvRecords: affected packages per ecosystem', () => {
  const CASES: {
    name: string;
    purl: string;
    range: string;
    ecosystem: string;
    osvName: string;
    type: 'SEMVER' | 'ECOSYSTEM';
    events: Record<string, string>[][];
  }[] = [
    {
      name: 'npm, scoped, below a version',
      purl: 'pkg:npm/%40acme/widget',
      range: 'vers:npm/<2.0.0',
      ecosystem: 'npm',
      osvName: '@acme/widget',
      type: 'SEMVER',
      events: [[{ introduced: '0' }, { fixed: '2.0.0' }]],
    },
    {
      name: 'PyPI with a pre-release start (sorted by PEP 440, not as text)',
      purl: 'pkg:pypi/Acme_Tool',
      range: 'vers:pypi/<1.0.2|>=1.0rc1',
      ecosystem: 'PyPI',
      osvName: 'acme-tool',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '1.0rc1' }, { fixed: '1.0.2' }]],
    },
    {
      name: 'Maven, up to and including',
      purl: 'pkg:maven/org.acme/acme-core',
      range: 'vers:maven/>=1.0-alpha|<=1.0.3',
      ecosystem: 'Maven',
      osvName: 'org.acme:acme-core',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '1.0-alpha' }, { last_affected: '1.0.3' }]],
    },
    {
      name: 'Go, versions without the v',
      purl: 'pkg:golang/github.com/acme/mod',
      range: 'vers:golang/>=v1.2.0|<v1.3.1',
      ecosystem: 'Go',
      osvName: 'github.com/acme/mod',
      type: 'SEMVER',
      events: [[{ introduced: '1.2.0' }, { fixed: '1.3.1' }]],
    },
    {
      name: 'crates.io, two intervals in one range',
      purl: 'pkg:cargo/acme',
      range: 'vers:cargo/>=0.2.0|<0.2.9|>=0.3.0|<0.3.4',
      ecosystem: 'crates.io',
      osvName: 'acme',
      type: 'SEMVER',
      events: [[{ introduced: '0.2.0' }, { fixed: '0.2.9' }, { introduced: '0.3.0' }, { fixed: '0.3.4' }]],
    },
    {
      name: 'NuGet, four parts',
      purl: 'pkg:nuget/Acme.Core',
      range: 'vers:nuget/>=1.0.0.0|<1.0.0.10',
      ecosystem: 'NuGet',
      osvName: 'Acme.Core',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '1.0.0.0' }, { fixed: '1.0.0.10' }]],
    },
    {
      name: 'RubyGems, a pre-release start',
      purl: 'pkg:gem/acme',
      range: 'vers:gem/>=2.0.0.pre1|<2.0.1',
      ecosystem: 'RubyGems',
      osvName: 'acme',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '2.0.0.pre1' }, { fixed: '2.0.1' }]],
    },
    {
      name: 'Debian 12 with an epoch',
      purl: 'pkg:deb/debian/openssl?distro=debian-12',
      range: 'vers:deb/<1:3.0.11-1~deb12u2',
      ecosystem: 'Debian:12',
      osvName: 'openssl',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '0' }, { fixed: '1:3.0.11-1~deb12u2' }]],
    },
    {
      name: 'Ubuntu LTS',
      purl: 'pkg:deb/ubuntu/openssl?distro=ubuntu-22.04',
      range: 'vers:deb/<3.0.2-0ubuntu1.15',
      ecosystem: 'Ubuntu:22.04:LTS',
      osvName: 'openssl',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '0' }, { fixed: '3.0.2-0ubuntu1.15' }]],
    },
    {
      name: 'Red Hat RPM',
      purl: 'pkg:rpm/redhat/openssl?arch=x86_64',
      range: 'vers:rpm/>=1:3.0.1-1.el9|<1:3.0.7-25.el9',
      ecosystem: 'Red Hat',
      osvName: 'openssl',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '1:3.0.1-1.el9' }, { fixed: '1:3.0.7-25.el9' }]],
    },
    {
      name: 'AlmaLinux 9, open-ended',
      purl: 'pkg:rpm/almalinux/openssl?distro=almalinux-9',
      range: 'vers:rpm/>=3.0.7-24.el9',
      ecosystem: 'AlmaLinux:9',
      osvName: 'openssl',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '3.0.7-24.el9' }]],
    },
    {
      name: 'Packagist (no ordering here: constraints kept as written)',
      purl: 'pkg:composer/acme/framework',
      range: 'vers:composer/>=5.0.0|<5.4.1',
      ecosystem: 'Packagist',
      osvName: 'acme/framework',
      type: 'ECOSYSTEM',
      events: [[{ introduced: '5.0.0' }, { fixed: '5.4.1' }]],
    },
  ];

  it.each(CASES)('$name', ({ purl, range, ecosystem, osvName, type, events }) => {
    const { record, problems } = build([{ key: 'p1', purl, range }]);
    expect(problems).toEqual([]);
    const affected = onlyAffected(record);
    expect(affected.package?.ecosystem).toBe(ecosystem);
    expect(affected.package?.name).toBe(osvName);
    expect(affected.package?.purl).not.toMatch(/[@?]/);
    expect(affected.ranges).toEqual(events.map((e) => ({ type, events: e })));
    expect(affected.versions).toBeUndefined();
  });

  it('splits fixed and last_affected intervals into separate ranges (the schema forbids mixing)', () => {
    const { record } = build([{ key: 'p1', purl: 'pkg:npm/acme', range: 'vers:npm/<1.0.5|>=2.0.0|<=2.1.0' }]);
    expect(onlyAffected(record).ranges).toEqual([
      { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.5' }] },
      { type: 'SEMVER', events: [{ introduced: '2.0.0' }, { last_affected: '2.1.0' }] },
    ]);
  });

  it('lists single versions: the product version, the purl version and = constraints', () => {
    const { record } = build([
      { key: 'g1', purl: 'pkg:golang/github.com/acme/mod', version: 'v1.2.3' },
      { key: 'g2', purl: 'pkg:golang/github.com/acme/mod@v1.2.4' },
      { key: 'g3', purl: 'pkg:golang/github.com/acme/mod', range: 'vers:golang/v1.2.5|v1.2.6' },
    ]);
    const affected = onlyAffected(record);
    expect(affected.versions).toEqual(['1.2.3', '1.2.4', '1.2.5', '1.2.6']);
    expect(affected.ranges).toBeUndefined();
  });

  it('treats * and a product without any version as every version, closed by the fixed product', () => {
    const every = build([{ key: 'p1', purl: 'pkg:pypi/acme', range: 'vers:pypi/*' }]);
    expect(onlyAffected(every.record).ranges).toEqual([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }]);
    const closed = build([
      { key: 'p1', purl: 'pkg:pypi/acme' },
      { key: 'p2', purl: 'pkg:pypi/acme', version: '2.0.1', status: 'fixed' },
    ]);
    expect(onlyAffected(closed.record).ranges).toEqual([
      { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.1' }] },
    ]);
    expect(closed.problems).toEqual([]);
  });

  it('closes an open range with the least fixed version above its start, in the ecosystem ordering', () => {
    const { record, problems } = build([
      { key: 'a', purl: 'pkg:maven/org.acme/core', range: 'vers:maven/>=1.0-alpha' },
      { key: 'f1', purl: 'pkg:maven/org.acme/core', version: '1.0.10', status: 'fixed' },
      { key: 'f2', purl: 'pkg:maven/org.acme/core', version: '1.0.9', status: 'fixed' },
      { key: 'f3', purl: 'pkg:maven/org.acme/core', range: 'vers:maven/>=1.0', status: 'fixed' },
    ]);
    // 1.0 < 1.0.9 < 1.0.10 for Maven; as text, '1.0.10' < '1.0.9'.
    expect(onlyAffected(record).ranges).toEqual([
      { type: 'ECOSYSTEM', events: [{ introduced: '1.0-alpha' }, { fixed: '1.0' }] },
    ]);
    expect(problems.map((p) => p.productKey)).toEqual(['f1', 'f2']);
    expect(problems[0]?.message).toMatch(/fixed version 1\.0\.10 is not expressed/);
  });

  it('sorts intervals of several products by the ecosystem ordering (Debian epochs)', () => {
    const { record } = build([
      { key: 'new', purl: 'pkg:deb/debian/acme', range: 'vers:deb/>=1:0.9|<1:0.9-3' },
      { key: 'old', purl: 'pkg:deb/debian/acme', range: 'vers:deb/>=2.0|<2.0-4' },
    ]);
    // 2.0 < 1:0.9: the epoch wins.
    expect(onlyAffected(record).ranges).toEqual([
      {
        type: 'ECOSYSTEM',
        events: [{ introduced: '2.0' }, { fixed: '2.0-4' }, { introduced: '1:0.9' }, { fixed: '1:0.9-3' }],
      },
    ]);
  });

  it('does not count a fixed version that an exclusive upper bound already names', () => {
    const { problems } = build([
      { key: 'a', purl: 'pkg:npm/acme', range: 'vers:npm/<1.4.2' },
      { key: 'f', purl: 'pkg:npm/acme', version: '1.4.2', status: 'fixed' },
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps one affected entry per package and leaves out not affected and under investigation products', () => {
    const { record } = build([
      { key: 'a', purl: 'pkg:npm/acme', range: 'vers:npm/<1.0.0' },
      { key: 'b', purl: 'pkg:npm/other', range: 'vers:npm/<3.0.0' },
      { key: 'c', purl: 'pkg:npm/third', range: 'vers:npm/<3.0.0', status: 'not_affected' },
      { key: 'd', purl: 'pkg:npm/fourth', range: 'vers:npm/<3.0.0', status: 'under_investigation' },
    ]);
    expect(record.affected?.map((a) => a.package?.name)).toEqual(['acme', 'other']);
  });

  it('falls back to ECOSYSTEM for npm versions that are not SemVer', () => {
    const { record } = build([{ key: 'a', purl: 'pkg:npm/acme', range: 'vers:npm/>=1.0.0|<2.0.0' }]);
    expect(onlyAffected(record).ranges?.[0]?.type).toBe('SEMVER');
    const go = build([
      { key: 'g', purl: 'pkg:golang/github.com/acme/mod', version: 'v0.0.0-20240101000000-abcdefabcdef' },
    ]);
    expect(onlyAffected(go.record).versions).toEqual(['0.0.0-20240101000000-abcdefabcdef']);
  });
});

describe('buildOsvRecords: what OSV cannot express becomes a problem, not data', () => {
  const cases: [string, ProductInput[], RegExp][] = [
    [
      'an exclusive lower bound',
      [{ key: 'p', purl: 'pkg:npm/acme', range: 'vers:npm/>1.0.0|<2.0.0' }],
      /inclusive/,
    ],
    ['an excluded version', [{ key: 'p', purl: 'pkg:npm/acme', range: 'vers:npm/<2.0.0|!=1.5.0' }], /!=/],
    ['a range that is not vers', [{ key: 'p', purl: 'pkg:npm/acme', range: '< 2.0' }], /not a usable vers/],
    [
      'a vers scheme of another type',
      [{ key: 'p', purl: 'pkg:npm/acme', range: 'vers:pypi/<2.0' }],
      /purl type is npm/,
    ],
    [
      'a github purl',
      [{ key: 'p', purl: 'pkg:github/acme/widget', version: '1.0' }],
      /no ecosystem for purl type github/,
    ],
    [
      'an rpm of an unknown distribution',
      [{ key: 'p', purl: 'pkg:rpm/fedora/acme', version: '1.0-1' }],
      /rpm\/fedora/,
    ],
    [
      'Ubuntu without a release',
      [{ key: 'p', purl: 'pkg:deb/ubuntu/acme', version: '1.0-1' }],
      /distro qualifier/,
    ],
    ['a product without a purl', [{ key: 'p', cpe: 'cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*' }], /no purl/],
    ['an invalid purl', [{ key: 'p', purl: 'pkg:npm' }], /not valid/],
    [
      'a fixed version in an ecosystem we cannot order',
      [
        { key: 'a', purl: 'pkg:composer/acme/fw', range: 'vers:composer/>=5.0.0' },
        { key: 'p', purl: 'pkg:composer/acme/fw', version: '5.4.1', status: 'fixed' },
      ],
      /no version ordering/,
    ],
    [
      'a fixed range that is not a lower bound',
      [
        { key: 'a', purl: 'pkg:npm/acme', range: 'vers:npm/>=0.5.0' },
        { key: 'p', purl: 'pkg:npm/acme', range: 'vers:npm/>=2.0.0|<3.0.0', status: 'fixed' },
      ],
      /not a single lower bound/,
    ],
  ];

  it.each(cases)('%s', (_name, products, message) => {
    const { record, problems } = build(products);
    expect(problems.some((p) => p.productKey === 'p' && message.test(p.message))).toBe(true);
    // Nothing approximate was written for the product concerned.
    for (const a of record.affected ?? []) {
      for (const r of a.ranges ?? []) {
        expect(r.events).not.toContainEqual({ introduced: '1.0.0' });
        expect(r.events).not.toContainEqual({ fixed: '5.4.1' });
        expect(r.events).not.toContainEqual({ fixed: '2.0.0' });
      }
    }
  });

  it('drops only the inexpressible interval and keeps the rest of the range', () => {
    const { record, problems } = build([
      { key: 'p', purl: 'pkg:npm/acme', range: 'vers:npm/<0.9.0|>1.0.0|<2.0.0' },
    ]);
    expect(onlyAffected(record).ranges).toEqual([
      { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.9.0' }] },
    ]);
    expect(problems).toHaveLength(1);
  });

  it('omits an affected entry that is left without ranges or versions', () => {
    const { record } = build([{ key: 'p', purl: 'pkg:npm/acme', range: 'vers:npm/>1.0.0' }]);
    expect(record.affected).toEqual([]);
  });
});
