import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CSAF_ROLIE_FORMAT,
  CSAF_TLP_FOLDERS,
  buildChangesCsv,
  buildIndexTxt,
  buildProviderMetadata,
  buildRolieCategoryDocument,
  buildRolieFeed,
  buildRolieServiceDocument,
  buildSecurityTxt,
  documentPath,
  hashFileContent,
  yearFolderPath,
  type ProviderMetadataInput,
  type RolieFeedEntryInput,
} from '../../../src/formats/csaf-provider.js';
import { providerValidator } from '../../support/csaf-schemas.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const csaf = path.resolve(repoRoot, '..', 'shared', 'standards', 'csaf-2.0');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

const validateProvider = providerValidator();

/** The keys and nesting of a JSON value: objects keep their keys, arrays the union of their items' shapes. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) {
    const merged: Record<string, unknown> = {};
    let scalar = false;
    for (const item of value) {
      const itemShape = shape(item);
      if (typeof itemShape === 'object' && itemShape !== null) Object.assign(merged, itemShape);
      else scalar = true;
    }
    return [scalar && Object.keys(merged).length === 0 ? 'scalar' : sortKeys(merged)];
  }
  if (typeof value === 'object' && value !== null) {
    return sortKeys(Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)])));
  }
  return 'scalar';
}
const sortKeys = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

const base = 'https://clearinghouse.example/.well-known/csaf';
const fingerprint = '8F5F267907B2C4559DB360DB2294BA7D2B2298B1';

function providerInput(overrides: Partial<ProviderMetadataInput> = {}): ProviderMetadataInput {
  return {
    canonicalUrl: `${base}/provider-metadata.json`,
    publisher: {
      category: 'coordinator',
      name: 'Clearinghouse',
      namespace: 'https://clearinghouse.example',
      contact_details: 'security@clearinghouse.example',
    },
    lastUpdated: new Date('2026-03-01T12:00:00Z'),
    feeds: [
      { tlp: 'WHITE', url: `${base}/white/feed-tlp-white.json`, summary: 'All TLP:WHITE advisories.' },
      { tlp: 'AMBER', url: `${base}/amber/feed-tlp-amber.json` },
    ],
    directoryUrls: [`${base}/white`],
    publicKeys: [{ fingerprint, url: `${base}/openpgp/${fingerprint}.asc` }],
    role: 'csaf_trusted_provider',
    listOnAggregators: true,
    mirrorOnAggregators: true,
    ...overrides,
  };
}

function entry(
  id: string,
  updated: string,
  overrides: Partial<RolieFeedEntryInput> = {},
): RolieFeedEntryInput {
  const link = `${base}/${documentPath('WHITE', '2026-01-10T09:00:00Z', id)}`;
  return {
    id,
    title: `Advisory ${id}`,
    link,
    published: '2026-01-10T09:00:00Z',
    updated,
    summary: `Summary of ${id}`,
    hashUrls: { sha256: `${link}.sha256`, sha512: `${link}.sha512` },
    signatureUrl: `${link}.asc`,
    ...overrides,
  };
}

describe('paths: requirements 2 and 11', () => {
  it('maps each CSAF 2.0 TLP label to its folder', () => {
    expect(CSAF_TLP_FOLDERS).toEqual({ WHITE: 'white', GREEN: 'green', AMBER: 'amber', RED: 'red' });
  });

  it('puts a document in the folder of its TLP label and of the year of its initial release', () => {
    expect(documentPath('WHITE', '2026-02-03T10:00:00Z', 'CHSA-2026-0001')).toBe(
      'white/2026/chsa-2026-0001.json',
    );
    expect(documentPath('RED', '2025-12-31T23:59:59Z', 'CH:2025/7')).toBe('red/2025/ch_2025_7.json');
    expect(yearFolderPath('2024-06-01T00:00:00.000Z', 'RHSA-2019:1862')).toBe('2024/rhsa-2019_1862.json');
  });

  it('takes the year as written in the value, not converted to UTC', () => {
    // 2026-01-01T00:30+01:00 is 2025-12-31T23:30Z, but the value gives 2026.
    expect(documentPath('GREEN', '2026-01-01T00:30:00+01:00', 'X-1')).toBe('green/2026/x-1.json');
    expect(documentPath('GREEN', new Date('2025-12-31T23:30:00Z'), 'X-1')).toBe('green/2025/x-1.json');
  });

  it('rejects a value that is not a date-time', () => {
    expect(() => documentPath('WHITE', '26-01-01', 'X-1')).toThrow(RangeError);
    expect(() => documentPath('WHITE', '2026-13-45T00:00:00Z', 'X-1')).toThrow(RangeError);
    expect(() => documentPath('WHITE', new Date(Number.NaN), 'X-1')).toThrow(RangeError);
  });
});

describe('buildProviderMetadata: requirement 7', () => {
  it('the official example validates against the official schema (sanity check of the validator)', () => {
    const example = readJson(
      path.join(csaf, 'examples', 'provider-metadata', 'example-01-provider-metadata.json'),
    );
    expect(validateProvider(example), JSON.stringify(validateProvider.errors)).toBe(true);
    // And the validator can fail: the example without its publisher does not validate.
    const { publisher: _publisher, ...withoutPublisher } = example as Record<string, unknown>;
    expect(validateProvider(withoutPublisher)).toBe(false);
    // The publisher is checked through the CSAF schema it refers to.
    const badPublisher = {
      ...withoutPublisher,
      publisher: { category: 'bogus', name: 'x', namespace: 'https://x' },
    };
    expect(validateProvider(badPublisher)).toBe(false);
    expect(validateProvider.errors?.map((error) => error.instancePath)).toContain('/publisher/category');
  });

  it('validates against the official schema', () => {
    const metadata = buildProviderMetadata(providerInput());
    expect(validateProvider(metadata), JSON.stringify(validateProvider.errors)).toBe(true);
  });

  it('validates in each role and with each distribution mechanism alone', () => {
    const variants: ProviderMetadataInput[] = [
      providerInput({ directoryUrls: [] }),
      providerInput({ feeds: [], directoryUrls: [`${base}/white`, `${base}/green`] }),
      providerInput({ role: 'csaf_provider', publicKeys: [] }),
      providerInput({ role: 'csaf_publisher', feeds: [], directoryUrls: [], publicKeys: [] }),
      providerInput({
        serviceUrls: [`${base}/service.json`],
        categoryUrls: [`${base}/category-products.json`],
        listOnAggregators: false,
        mirrorOnAggregators: false,
      }),
    ];
    for (const input of variants) {
      const metadata = buildProviderMetadata(input);
      expect(validateProvider(metadata), JSON.stringify(validateProvider.errors)).toBe(true);
    }
  });

  it('writes the fields of the standard', () => {
    const metadata = buildProviderMetadata(
      providerInput({
        publicKeys: [
          { fingerprint: '8f5f 2679 07b2 c455 9db3  60db 2294 ba7d 2b22 98b1', url: `${base}/key.asc` },
        ],
        mirrorOnAggregators: false,
      }),
    );
    expect(metadata).toEqual({
      canonical_url: `${base}/provider-metadata.json`,
      distributions: [
        {
          rolie: {
            feeds: [
              {
                summary: 'All TLP:WHITE advisories.',
                tlp_label: 'WHITE',
                url: `${base}/white/feed-tlp-white.json`,
              },
              { tlp_label: 'AMBER', url: `${base}/amber/feed-tlp-amber.json` },
            ],
          },
        },
        { directory_url: `${base}/white` },
      ],
      last_updated: '2026-03-01T12:00:00.000Z',
      list_on_CSAF_aggregators: true,
      metadata_version: '2.0',
      mirror_on_CSAF_aggregators: false,
      public_openpgp_keys: [{ fingerprint, url: `${base}/key.asc` }],
      publisher: {
        category: 'coordinator',
        name: 'Clearinghouse',
        namespace: 'https://clearinghouse.example',
        contact_details: 'security@clearinghouse.example',
      },
      role: 'csaf_trusted_provider',
    });
  });

  it('has the keys and nesting of the official example', () => {
    const example = readJson(
      path.join(csaf, 'examples', 'provider-metadata', 'example-01-provider-metadata.json'),
    );
    const metadata = buildProviderMetadata(
      providerInput({
        directoryUrls: [],
        feeds: [{ tlp: 'WHITE', url: `${base}/feed-tlp-white.json`, summary: 'All TLP:WHITE advisories.' }],
        publisher: { category: 'vendor', name: 'Clearinghouse', namespace: 'https://clearinghouse.example' },
      }),
    );
    expect(shape(metadata)).toEqual(shape(example));
  });

  it('refuses metadata a consumer could not use', () => {
    expect(() => buildProviderMetadata(providerInput({ canonicalUrl: `${base}/metadata.json` }))).toThrow(
      RangeError,
    );
    expect(() =>
      buildProviderMetadata(
        providerInput({ canonicalUrl: 'http://clearinghouse.example/provider-metadata.json' }),
      ),
    ).toThrow(/https/);
    expect(() =>
      buildProviderMetadata(providerInput({ role: 'csaf_provider', feeds: [], directoryUrls: [] })),
    ).toThrow(/7\.2\.2/);
    expect(() => buildProviderMetadata(providerInput({ publicKeys: [] }))).toThrow(/requirement 20/);
    expect(() =>
      buildProviderMetadata(providerInput({ publicKeys: [{ fingerprint: 'abc', url: `${base}/k` }] })),
    ).toThrow(/fingerprint/);
    expect(() =>
      buildProviderMetadata(
        providerInput({
          feeds: [
            { tlp: 'WHITE', url: `${base}/a.json` },
            { tlp: 'WHITE', url: `${base}/b.json` },
          ],
        }),
      ),
    ).toThrow(/one per TLP label/);
    expect(() =>
      buildProviderMetadata(providerInput({ feeds: [{ tlp: 'WHITE', url: `${base}/feed.xml` }] })),
    ).toThrow(/\.json/);
  });
});

describe('buildIndexTxt: requirement 12', () => {
  it('lists paths relative to the TLP folder, one a line, newest year first', () => {
    expect(
      buildIndexTxt(['2025/chsa-2025-0007.json', '2026/chsa-2026-0002.json', '2026/chsa-2026-0001.json']),
    ).toBe('2026/chsa-2026-0001.json\n2026/chsa-2026-0002.json\n2025/chsa-2025-0007.json\n');
  });

  it('accepts the lines of the standard example and gives an empty file for an empty folder', () => {
    const example = ['2020/example_company_-_2020-yh4711.json', '2019/example_company_-_2019-yh3234.json'];
    expect(buildIndexTxt(example)).toBe(`${example.join('\n')}\n`);
    expect(buildIndexTxt([])).toBe('');
  });

  it('refuses a path that is not YYYY/name.json inside the folder, and duplicates', () => {
    for (const bad of [
      'white/2026/chsa-2026-0001.json',
      '/2026/chsa-2026-0001.json',
      '2026/../x.json',
      '2026/CHSA-2026-0001.json',
      '2026/a.json\n2026/b.json',
      'chsa-2026-0001.json',
    ]) {
      expect(() => buildIndexTxt([bad]), bad).toThrow(RangeError);
    }
    expect(() => buildIndexTxt(['2026/a.json', '2026/a.json'])).toThrow(RangeError);
  });
});

describe('buildChangesCsv: requirement 13', () => {
  it('reproduces the standard example from its rows in any order', () => {
    const expected = [
      '"2020/example_company_-_2020-yh4711.json","2020-07-01T10:09:07Z"',
      '"2018/example_company_-_2018-yh2312.json","2020-07-01T10:09:01Z"',
      '"2019/example_company_-_2019-yh3234.json","2019-04-17T15:08:41Z"',
      '"2018/example_company_-_2018-yh2312.json","2019-03-01T06:01:00Z"',
    ];
    const csv = buildChangesCsv([
      { path: '2019/example_company_-_2019-yh3234.json', currentReleaseDate: '2019-04-17T15:08:41Z' },
      { path: '2018/example_company_-_2018-yh2312.json', currentReleaseDate: '2019-03-01T06:01:00Z' },
      { path: '2020/example_company_-_2020-yh4711.json', currentReleaseDate: '2020-07-01T10:09:07Z' },
      { path: '2018/example_company_-_2018-yh2312.json', currentReleaseDate: '2020-07-01T10:09:01Z' },
    ]);
    expect(csv).toBe(expected.map((line) => `${line}\n`).join(''));
  });

  it('sorts by the instant, keeps each date as written, and orders ties by path', () => {
    const csv = buildChangesCsv([
      { path: '2026/b.json', currentReleaseDate: '2026-03-01T12:00:00Z' },
      // 13:30+02:00 is 11:30Z: earlier than 12:00Z although it sorts later as text.
      { path: '2026/c.json', currentReleaseDate: '2026-03-01T13:30:00+02:00' },
      { path: '2026/a.json', currentReleaseDate: '2026-03-01T12:00:00.000Z' },
    ]);
    expect(csv.split('\n')).toEqual([
      '"2026/a.json","2026-03-01T12:00:00.000Z"',
      '"2026/b.json","2026-03-01T12:00:00Z"',
      '"2026/c.json","2026-03-01T13:30:00+02:00"',
      '',
    ]);
  });

  it('has no header, two fields a line, and refuses bad rows', () => {
    expect(buildChangesCsv([])).toBe('');
    const [line] = buildChangesCsv([
      { path: '2026/a.json', currentReleaseDate: '2026-01-01T00:00:00Z' },
    ]).split('\n');
    expect(line?.split(',')).toHaveLength(2);
    expect(() =>
      buildChangesCsv([{ path: 'white/2026/a.json', currentReleaseDate: '2026-01-01T00:00:00Z' }]),
    ).toThrow(RangeError);
    expect(() => buildChangesCsv([{ path: '2026/a.json', currentReleaseDate: 'yesterday' }])).toThrow(
      RangeError,
    );
  });
});

describe('ROLIE: requirements 15–17', () => {
  const feedInput = {
    id: 'clearinghouse-csaf-feed-tlp-white',
    title: 'Clearinghouse CSAF feed (TLP:WHITE)',
    feedUrl: `${base}/white/feed-tlp-white.json`,
    updated: new Date('2026-03-01T12:00:00Z'),
    tlpLabel: 'WHITE' as const,
    entries: [
      entry('CHSA-2026-0001', '2026-01-10T09:00:00Z'),
      entry('CHSA-2026-0003', '2026-02-20T09:00:00Z', { format: CSAF_ROLIE_FORMAT }),
      entry('CHSA-2026-0002', '2026-02-01T09:00:00Z'),
    ],
  };

  it('a feed has the keys and nesting of the official example', () => {
    const example = readJson(path.join(csaf, 'examples', 'ROLIE', 'example-01-feed-tlp-white.json'));
    expect(shape(buildRolieFeed(feedInput))).toEqual(shape(example));
  });

  it('a feed entry links the document, both hash files and the signature, latest update first', () => {
    const { feed } = buildRolieFeed(feedInput);
    expect(feed.entry.map((item) => item.id)).toEqual(['CHSA-2026-0003', 'CHSA-2026-0002', 'CHSA-2026-0001']);
    const first = feed.entry[0];
    const doc = `${base}/white/2026/chsa-2026-0003.json`;
    expect(first?.link).toEqual([
      { rel: 'self', href: doc },
      { rel: 'hash', href: `${doc}.sha256` },
      { rel: 'hash', href: `${doc}.sha512` },
      { rel: 'signature', href: `${doc}.asc` },
    ]);
    expect(first?.content).toEqual({ type: 'application/json', src: doc });
    expect(first?.format).toEqual({
      schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json',
      version: '2.0',
    });
    expect(first?.summary).toEqual({ content: 'Summary of CHSA-2026-0003' });
    expect(feed.updated).toBe('2026-03-01T12:00:00.000Z');
    expect(feed.link).toEqual([{ rel: 'self', href: `${base}/white/feed-tlp-white.json` }]);
    expect(feed.category).toEqual([
      { scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' },
      { scheme: 'https://www.first.org/tlp/', term: 'WHITE' },
    ]);
  });

  it('keeps the key order of the example, and leaves out an absent summary', () => {
    const { feed } = buildRolieFeed(feedInput);
    expect(Object.keys(feed)).toEqual(['id', 'title', 'link', 'category', 'updated', 'entry']);
    expect(Object.keys(feed.entry[0] ?? {})).toEqual([
      'id',
      'title',
      'link',
      'published',
      'updated',
      'summary',
      'content',
      'format',
    ]);
    const bare = buildRolieFeed({
      ...feedInput,
      entries: [entry('X-1', '2026-01-10T09:00:00Z', { summary: undefined })],
    });
    expect(bare.feed.entry[0]).not.toHaveProperty('summary');
    const unlabeled = buildRolieFeed({ ...feedInput, tlpLabel: 'UNLABELED', entries: [] });
    expect(unlabeled.feed.category).toEqual([
      { scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' },
    ]);
    expect(unlabeled.feed.entry).toEqual([]);
  });

  it('refuses two entries for one tracking id and links that are not https', () => {
    expect(() =>
      buildRolieFeed({
        ...feedInput,
        entries: [entry('X-1', '2026-01-01T00:00:00Z'), entry('X-1', '2026-01-02T00:00:00Z')],
      }),
    ).toThrow(RangeError);
    expect(() =>
      buildRolieFeed({
        ...feedInput,
        entries: [entry('X-1', '2026-01-01T00:00:00Z', { signatureUrl: 'http://x/a.asc' })],
      }),
    ).toThrow(/https/);
  });

  it('a service document has the keys and nesting of the official examples, private feeds apart', () => {
    const service = buildRolieServiceDocument({
      baseUrl: `${base}/`,
      feeds: [
        {
          title: 'Clearinghouse CSAF feed (TLP:WHITE)',
          href: 'white/feed-tlp-white.json',
          tlpLabel: 'WHITE',
        },
        {
          title: 'Clearinghouse CSAF feed (TLP:AMBER)',
          href: 'amber/feed-tlp-amber.json',
          tlpLabel: 'AMBER',
        },
        {
          title: 'Clearinghouse CSAF feed (TLP:RED)',
          href: `${base}/red/feed-tlp-red.json`,
          tlpLabel: 'RED',
        },
      ],
    });
    for (const name of ['example-01-service.json', 'example-02-service.json']) {
      expect(shape(service)).toEqual(shape(readJson(path.join(csaf, 'examples', 'ROLIE', name))));
    }
    expect(service.service.workspace.map((workspace) => workspace.title)).toEqual([
      'Public CSAF feeds',
      'Private CSAF feeds',
    ]);
    const [publicFeeds, privateFeeds] = service.service.workspace;
    expect(publicFeeds?.collection.map((collection) => collection.href)).toEqual([
      `${base}/white/feed-tlp-white.json`,
    ]);
    expect(privateFeeds?.collection[1]?.categories.category).toEqual([
      { scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' },
      { scheme: 'https://www.first.org/tlp/', term: 'RED' },
    ]);
  });

  it('a service document with only public feeds has one workspace, as the first example', () => {
    const service = buildRolieServiceDocument({
      baseUrl: base,
      feeds: [{ title: 'Feed', href: `${base}/white/feed-tlp-white.json` }],
    });
    expect(service.service.workspace).toHaveLength(1);
    expect(service.service.workspace[0]?.collection[0]?.categories.category).toEqual([
      { scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' },
    ]);
    expect(() => buildRolieServiceDocument({ baseUrl: base, feeds: [] })).toThrow(RangeError);
  });

  it('a category document has the keys and nesting of the official example', () => {
    const categories = buildRolieCategoryDocument({ terms: ['Product A', 'Product B', 'Product A'] });
    expect(categories).toEqual({ categories: { category: [{ term: 'Product A' }, { term: 'Product B' }] } });
    expect(shape(categories)).toEqual(
      shape(readJson(path.join(csaf, 'examples', 'ROLIE', 'example-01-category.json'))),
    );
    expect(() => buildRolieCategoryDocument({ terms: [' '] })).toThrow(RangeError);
  });
});

describe('buildSecurityTxt: requirement 8', () => {
  const input = {
    contact: ['mailto:security@clearinghouse.example', 'https://clearinghouse.example/report'],
    providerMetadataUrl: `${base}/provider-metadata.json`,
    expires: new Date('2027-01-01T00:00:00.000Z'),
    canonical: 'https://clearinghouse.example/.well-known/security.txt',
    preferredLanguages: ['en', 'de'],
    policy: 'https://clearinghouse.example/disclosure-policy',
    encryption: `${base}/openpgp/${fingerprint}.asc`,
  };

  it('has the CSAF field, Contact, and exactly one Expires', () => {
    const text = buildSecurityTxt(input);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toContain(`CSAF: ${base}/provider-metadata.json`);
    expect(lines.filter((line) => line.startsWith('Expires: '))).toEqual(['Expires: 2027-01-01T00:00:00Z']);
    expect(lines.filter((line) => line.startsWith('Contact: '))).toEqual([
      'Contact: mailto:security@clearinghouse.example',
      'Contact: https://clearinghouse.example/report',
    ]);
    expect(lines).toContain('Preferred-Languages: en, de');
    expect(lines).toContain('Canonical: https://clearinghouse.example/.well-known/security.txt');
    expect(lines).toContain('Policy: https://clearinghouse.example/disclosure-policy');
    expect(lines).toContain(`Encryption: ${base}/openpgp/${fingerprint}.asc`);
    // Every line is a field of RFC 9116's grammar: a name, a colon and a space, a value.
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^[A-Za-z-]+: \S+(?:, \S+)*$/);
    expect(text).not.toContain('\r');
  });

  it('leaves out optional fields', () => {
    const text = buildSecurityTxt({
      contact: ['mailto:security@clearinghouse.example'],
      providerMetadataUrl: `${base}/provider-metadata.json`,
      expires: new Date('2027-01-01T00:00:00Z'),
      canonical: 'https://clearinghouse.example/.well-known/security.txt',
    });
    expect(text.split('\n').map((line) => line.split(':')[0])).toEqual([
      'Contact',
      'Expires',
      'Canonical',
      'CSAF',
      '',
    ]);
  });

  it('refuses a value that would inject a field, no contact, and a CSAF field not pointing to provider metadata', () => {
    expect(() => buildSecurityTxt({ ...input, contact: [] })).toThrow(RangeError);
    expect(() =>
      buildSecurityTxt({
        ...input,
        contact: ['mailto:a@b.example\nCSAF: https://evil.example/provider-metadata.json'],
      }),
    ).toThrow(RangeError);
    expect(() => buildSecurityTxt({ ...input, contact: ['http://clearinghouse.example/report'] })).toThrow(
      /https/,
    );
    expect(() => buildSecurityTxt({ ...input, providerMetadataUrl: `${base}/index.txt` })).toThrow(
      /provider-metadata/,
    );
    expect(() => buildSecurityTxt({ ...input, expires: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('hashFileContent: requirement 18', () => {
  it('writes the line of the standard example', () => {
    const digest = 'ea6a209dba30a958a78d82309d6cdcc6929fcb81673b3dc4d6b16fac18b6ff38';
    expect(hashFileContent('example_company_-_2019-yh3234.json', digest.toUpperCase())).toBe(
      `${digest}  example_company_-_2019-yh3234.json\n`,
    );
  });

  it('is checked by sha256sum -c and sha512sum -c, and a changed document fails the check', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csaf-hash-'));
    try {
      const name = 'chsa-2026-0001.json';
      const body = JSON.stringify({ document: { tracking: { id: 'CHSA-2026-0001' } } });
      writeFileSync(path.join(dir, name), body);
      for (const algorithm of ['sha256', 'sha512'] as const) {
        const digest = createHash(algorithm).update(body).digest('hex');
        writeFileSync(path.join(dir, `${name}.${algorithm}`), hashFileContent(name, digest));
        const out = execFileSync(`${algorithm}sum`, ['-c', `${name}.${algorithm}`], {
          cwd: dir,
          encoding: 'utf8',
        });
        expect(out).toBe(`${name}: OK\n`);
      }
      writeFileSync(path.join(dir, name), `${body} `);
      expect(() =>
        execFileSync('sha256sum', ['-c', `${name}.sha256`], { cwd: dir, stdio: 'pipe' }),
      ).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a digest that is not hex and a name with a directory or line break', () => {
    const digest = 'a'.repeat(64);
    expect(() => hashFileContent('a.json', 'xyz')).toThrow(RangeError);
    // A SHA-1 digest is too short (requirement 18: SHA-1 SHOULD NOT be used).
    expect(() => hashFileContent('a.json', 'a'.repeat(40))).toThrow(RangeError);
    expect(hashFileContent('a.json', 'B'.repeat(128))).toBe(`${'b'.repeat(128)}  a.json\n`);
    expect(() => hashFileContent('2026/a.json', digest)).toThrow(RangeError);
    expect(() => hashFileContent('a\n.json', digest)).toThrow(RangeError);
    expect(() => hashFileContent('', digest)).toThrow(RangeError);
  });
});
