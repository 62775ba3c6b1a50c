import { describe, expect, it } from 'vitest';
import {
  ANY,
  type AttributeRelation,
  compareAttribute,
  compareWfn,
  CpeError,
  cpeDisjoint,
  cpeEqual,
  cpeMatches,
  cpeMatchesWithRange,
  cpeMatchKey,
  cpeSubset,
  cpeSuperset,
  cpeVersionInRange,
  createWfn,
  formatCpe,
  formatCpeUri,
  NA,
  normalizeCpe,
  parseCpe,
  tryParseCpe,
  versFromNvdBounds,
  type Wfn,
  type WfnValue,
  wfnValueText,
} from '../../src/matching/cpe.js';
import { VersError } from '../../src/matching/vers.js';

/**
 * Names of NISTIR 7695 §6 as WFN, formatted string and URI (the three forms of one name). Values
 * are in WFN quoting; the strings are written as TypeScript literals, so `\\` is one backslash.
 */
const NAMES: { wfn: Wfn; fs: string; uri: string }[] = [
  {
    wfn: createWfn({
      part: 'a',
      vendor: 'microsoft',
      product: 'internet_explorer',
      version: '8\\.0\\.6001',
      update: 'beta',
    }),
    fs: 'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
    uri: 'cpe:/a:microsoft:internet_explorer:8.0.6001:beta',
  },
  {
    wfn: createWfn({
      part: 'a',
      vendor: 'microsoft',
      product: 'internet_explorer',
      version: '8\\.*',
      update: 'sp?',
    }),
    fs: 'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
    uri: 'cpe:/a:microsoft:internet_explorer:8.%02:sp%01',
  },
  {
    wfn: createWfn({
      part: 'a',
      vendor: 'hp',
      product: 'insight_diagnostics',
      version: '7\\.4\\.0\\.1570',
      update: NA,
      sw_edition: 'online',
      target_sw: 'win2003',
      target_hw: 'x64',
    }),
    fs: 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
    uri: 'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~',
  },
  {
    wfn: createWfn({
      part: 'a',
      vendor: 'hp',
      product: 'openview_network_manager',
      version: '7\\.51',
      target_sw: 'linux',
    }),
    fs: 'cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*',
    uri: 'cpe:/a:hp:openview_network_manager:7.51::~~~linux~~',
  },
  {
    wfn: createWfn({
      part: 'a',
      vendor: 'foo\\\\bar',
      product: 'big\\$money_manager_2010',
      sw_edition: 'special',
      target_sw: 'ipod_touch',
      target_hw: '80gb',
    }),
    fs: 'cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*',
    uri: 'cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~',
  },
];

describe('CPE names (NISTIR 7695)', () => {
  it.each(NAMES)('binds and unbinds $fs', ({ wfn, fs, uri }) => {
    expect(formatCpe(wfn)).toBe(fs);
    expect(formatCpeUri(wfn)).toBe(uri);
    expect(parseCpe(fs)).toEqual(wfn);
    expect(parseCpe(uri)).toEqual(wfn);
    expect(normalizeCpe(uri)).toBe(fs);
  });

  it('unbinds every attribute not given as ANY', () => {
    expect(parseCpe('cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*')).toEqual({
      part: 'a',
      vendor: 'microsoft',
      product: 'internet_explorer',
      version: '8\\.0\\.6001',
      update: 'beta',
      edition: ANY,
      language: ANY,
      sw_edition: ANY,
      target_sw: ANY,
      target_hw: ANY,
      other: ANY,
    });
  });

  it('unbinds URI values: quoted versus wildcard characters, tilde, empty packed fields', () => {
    const quoted = parseCpe('cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f');
    expect([quoted.version, quoted.update]).toEqual(['8\\.\\*', 'sp\\?']);
    const wild = parseCpe('cpe:/a:microsoft:internet_explorer:8.%02:sp%01');
    expect([wild.version, wild.update]).toEqual(['8\\.*', 'sp?']);
    const tilde = parseCpe('cpe:/a:foo~bar:big%7emoney_2010');
    expect([tilde.vendor, tilde.product]).toEqual(['foo\\~bar', 'big\\~money_2010']);
    const packed = parseCpe('cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~');
    expect(packed).toEqual(
      createWfn({
        part: 'a',
        vendor: 'hp',
        product: 'insight_diagnostics',
        version: '7\\.4\\.0\\.1570',
        sw_edition: 'online',
        target_sw: 'win2003',
        target_hw: 'x64',
      }),
    );
    const na = parseCpe('cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~');
    expect([na.update, na.edition, na.target_sw, na.other]).toEqual([NA, ANY, 'linux', ANY]);
    expect(parseCpe('cpe:/a:microsoft:internet_explorer%01%01%01%01').product).toBe('internet_explorer????');
    // A URI is lower-cased on unbinding.
    expect(parseCpe('cpe:/a:Microsoft:IE').vendor).toBe('microsoft');
  });

  it('refuses invalid URI values', () => {
    expect(() => parseCpe('cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~')).toThrow(
      /%07 is not a valid percent-encoded character/,
    );
    expect(() => parseCpe('cpe:/a:foo:bar:12.%02.1234')).toThrow(/only stand at the start or end/);
    expect(() => parseCpe('cpe:/a:foo:bar:1.0:::en:extra')).toThrow(/at most 7 components/);
    expect(() => parseCpe('cpe:/a:foo:bar:1.0::~a~b')).toThrow(/must have 5 fields/);
    expect(() => parseCpe('cpe:/a:foo:bar:1.?')).toThrow(/%01/);
  });

  it('quotes special characters in the formatted string', () => {
    const wfn = parseCpe('cpe:2.3:a:micr\\?osoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*');
    expect(wfn.vendor).toBe('micr\\?osoft');
    // `.`, `-` and `_` are bare in a formatted string; other punctuation is quoted.
    const plus = parseCpe('cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:2.2.1:*:*:*:*:*:*:*');
    expect(plus.product).toBe('sdbus\\-c\\+\\+');
    expect(formatCpe(plus)).toBe('cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:2.2.1:*:*:*:*:*:*:*');
    // Bare punctuation is accepted on input and quoted on output.
    expect(normalizeCpe('cpe:2.3:a:sdbus-cpp_project:sdbus-c++:2.2.1:*:*:*:*:*:*:*')).toBe(
      'cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:2.2.1:*:*:*:*:*:*:*',
    );
    // A quoted colon does not split the name.
    const colon = parseCpe('cpe:2.3:a:acme:a\\:b:1.0:*:*:*:*:*:*:*');
    expect([colon.product, colon.version]).toEqual(['a\\:b', '1\\.0']);
    expect(formatCpe(colon)).toBe('cpe:2.3:a:acme:a\\:b:1.0:*:*:*:*:*:*:*');
    // A value that is just a hyphen stays quoted, or it would read back as NA.
    const hyphen = createWfn({ part: 'a', vendor: 'acme', product: 'x', update: '\\-' });
    expect(formatCpe(hyphen)).toBe('cpe:2.3:a:acme:x:*:\\-:*:*:*:*:*:*');
    expect(formatCpeUri(hyphen)).toBe('cpe:/a:acme:x::%2d');
    expect(parseCpe(formatCpe(hyphen))).toEqual(hyphen);
    expect(parseCpe(formatCpeUri(hyphen))).toEqual(hyphen);
  });

  it('keeps wildcards at the edges: leading, trailing, and runs of ?', () => {
    const wfn = parseCpe('cpe:2.3:a:*soft:??ternet_explorer:8.0.*:sp??:*:*:*:*:*:*');
    expect([wfn.vendor, wfn.product, wfn.version, wfn.update]).toEqual([
      '*soft',
      '??ternet_explorer',
      '8\\.0\\.*',
      'sp??',
    ]);
    expect(formatCpe(wfn)).toBe('cpe:2.3:a:*soft:??ternet_explorer:8.0.*:sp??:*:*:*:*:*:*');
    expect(formatCpeUri(wfn)).toBe('cpe:/a:%02soft:%01%01ternet_explorer:8.0.%02:sp%01%01');
  });

  it.each([
    ['cpe:2.3:a:foo:bar:12.*.1234:*:*:*:*:*:*:*', /only stand at the start or end/],
    ['cpe:2.3:a:foo:b?r:1.0:*:*:*:*:*:*:*', /only stand at the start or end/],
    ['cpe:2.3:a:foo:bar:**1:*:*:*:*:*:*:*', /one \* or with \?s/],
    ['cpe:2.3:a:foo:bar:?*1:*:*:*:*:*:*:*', /one \* or with \?s/],
    ['cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*', /13 colon-separated parts .* has 12/],
    ['cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*:*', /13 colon-separated parts .* has 14/],
    ['cpe:2.3:a:foo::1.0:*:*:*:*:*:*:*', /product is empty/],
    ['cpe:2.3:x:foo:bar:1.0:*:*:*:*:*:*:*', /part must be a, o or h/],
    ['cpe:2.3:-:foo:bar:1.0:*:*:*:*:*:*:*', /part must be a, o or h .* got NA/],
    ['cpe:2.3:a:foo:bar baz:1.0:*:*:*:*:*:*:*', /only printable ASCII without spaces/],
    ['cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:\\', /lone backslash/],
    ['pkg:npm/lodash@4.17.21', /not a CPE name/],
    ['', /not a CPE name/],
  ])('refuses %s', (input, message) => {
    expect(() => parseCpe(input)).toThrow(CpeError);
    expect(() => parseCpe(input)).toThrow(message);
    expect(tryParseCpe(input)).toBeUndefined();
  });

  it('checks WFN quoting when building a name', () => {
    expect(() => createWfn({ part: 'a', vendor: 'foo.bar' })).toThrow(/must be quoted as \\\. in a WFN/);
    expect(() => createWfn({ part: 'a', vendor: '*' })).toThrow(/lone \* is the logical value ANY/);
    expect(() => createWfn({ part: 'z' })).toThrow(/part must be a, o or h/);
    // Needless quoting of a letter is dropped, so equal names have equal values.
    expect(createWfn({ part: 'a', vendor: '\\acme' }).vendor).toBe('acme');
  });

  it('accepts the prefix in any case and ignores surrounding whitespace', () => {
    expect(normalizeCpe('  CPE:2.3:o:acme:pump_firmware:4.2.0:*:*:*:*:*:*:*\n')).toBe(
      'cpe:2.3:o:acme:pump_firmware:4.2.0:*:*:*:*:*:*:*',
    );
    expect(normalizeCpe('CPE:/h:acme:infusion_pump_ip2000')).toBe(
      'cpe:2.3:h:acme:infusion_pump_ip2000:*:*:*:*:*:*:*:*',
    );
  });

  it('gives the unquoted text of specific values only', () => {
    expect(wfnValueText('4\\.1\\.9')).toBe('4.1.9');
    expect(wfnValueText('sdbus\\-c\\+\\+')).toBe('sdbus-c++');
    expect(wfnValueText('3\\.0\\.?')).toBeNull();
    expect(wfnValueText(ANY)).toBeNull();
    expect(wfnValueText(NA)).toBeNull();
  });
});

describe('CPE name matching (NISTIR 7696)', () => {
  // Table 6-2: source value, target value, relation. i and k are different strings without
  // wildcards, m1 + wild cards a string with wildcards that matches m2, m3 one it does not match.
  const TABLE: [string, WfnValue, WfnValue, AttributeRelation][] = [
    ['ANY / ANY', ANY, ANY, 'EQUAL'],
    ['ANY / NA', ANY, NA, 'SUPERSET'],
    ['ANY / i', ANY, 'foo', 'SUPERSET'],
    ['ANY / m + wild cards', ANY, 'foo*', 'UNDEFINED'],
    ['NA / ANY', NA, ANY, 'SUBSET'],
    ['NA / NA', NA, NA, 'EQUAL'],
    ['NA / i', NA, 'foo', 'DISJOINT'],
    ['NA / m + wild cards', NA, 'foo*', 'UNDEFINED'],
    ['i / ANY', 'foo', ANY, 'SUBSET'],
    ['i / NA', 'foo', NA, 'DISJOINT'],
    ['i / i', 'foo', 'foo', 'EQUAL'],
    ['i / k', 'foo', 'bar', 'DISJOINT'],
    ['i / m + wild cards', 'foo', 'foo*', 'UNDEFINED'],
    ['m1 + wild cards / ANY', 'foo*', ANY, 'SUBSET'],
    ['m1 + wild cards / NA', 'foo*', NA, 'DISJOINT'],
    ['m1 + wild cards / m2', 'foo*', 'foobar', 'SUPERSET'],
    ['m1 + wild cards / m3', 'foo*', 'barfoo', 'DISJOINT'],
    ['m1 + wild cards / m2 + wild cards', 'foo*', 'foob?', 'UNDEFINED'],
  ];

  it.each(TABLE)('%s is %s', (_case, source, target, relation) => {
    expect(compareAttribute(source, target)).toBe(relation);
  });

  it.each([
    // source, target, relation: how wildcards and quoting match.
    ['*bar', 'foobar', 'SUPERSET'],
    ['*oba*', 'foobar', 'SUPERSET'],
    ['foo?', 'foob', 'SUPERSET'],
    ['foo?', 'foo', 'DISJOINT'], // each ? is exactly one character
    ['foo??', 'foob', 'DISJOINT'],
    ['??o', 'foo', 'SUPERSET'],
    ['8\\.*', '8\\.0\\.6001', 'SUPERSET'],
    ['8\\.*', '80', 'DISJOINT'],
    ['sp\\?', 'sp1', 'DISJOINT'], // a quoted ? is a literal question mark
    ['sp\\?', 'sp\\?', 'EQUAL'],
    ['???', '1\\.2', 'SUPERSET'], // a quoted character counts once
    ['Foo*', 'FOOBAR', 'SUPERSET'], // case-insensitive
    ['MicroSoft', 'microsoft', 'EQUAL'],
  ] as [string, string, AttributeRelation][])('%s against %s is %s', (source, target, relation) => {
    expect(compareAttribute(source, target)).toBe(relation);
  });

  it('§7: a specific name against one with only part, vendor and product', () => {
    const source = createWfn({
      part: 'a',
      vendor: 'microsoft',
      product: 'internet_explorer',
      version: '8\\.0\\.6001',
      update: 'beta',
      language: 'sp2',
    });
    const target = createWfn({ part: 'a', vendor: 'microsoft', product: 'internet_explorer' });
    expect(compareWfn(source, target)).toMatchObject({ part: 'EQUAL', version: 'SUBSET', edition: 'EQUAL' });
    expect(cpeDisjoint(source, target)).toBe(false);
    expect(cpeEqual(source, target)).toBe(false);
    expect(cpeSubset(source, target)).toBe(true);
    expect(cpeSuperset(source, target)).toBe(false);
    // And the other way round the general name covers the specific one.
    expect(cpeSuperset(target, source)).toBe(true);
    expect(cpeMatches(target, source)).toBe(true);
    expect(cpeMatches(source, target)).toBe(false);
  });

  it('§7: a formatted string with wildcards against a URI that differs in edition', () => {
    const source = 'cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*';
    const target = 'cpe:/a::Reader:9.3.2:-:-';
    expect(compareWfn(source, target)).toMatchObject({
      vendor: 'SUBSET',
      product: 'SUPERSET',
      version: 'SUPERSET',
      update: 'SUPERSET',
      edition: 'DISJOINT',
    });
    expect(cpeDisjoint(source, target)).toBe(true);
    expect(cpeEqual(source, target)).toBe(false);
    expect(cpeSubset(source, target)).toBe(false);
    expect(cpeSuperset(source, target)).toBe(false);
  });

  it('a name equals itself in either binding, unless it holds wildcards', () => {
    for (const { fs, uri } of NAMES) {
      const wildcards = fs.includes('8.*:sp?');
      expect(cpeEqual(fs, uri), fs).toBe(!wildcards);
      expect(cpeMatches(uri, fs), fs).toBe(!wildcards);
    }
  });

  it('an undefined attribute blocks every relation but disjointness', () => {
    const wild = 'cpe:2.3:a:openssl:openssl:3.0.*:*:*:*:*:*:*:*';
    expect(cpeMatches('cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', wild)).toBe(false);
    expect(cpeSubset(wild, wild)).toBe(false);
    expect(cpeDisjoint('cpe:2.3:a:openssl:libressl:*:*:*:*:*:*:*:*', wild)).toBe(true);
  });
});

describe('matching advisories to inventory', () => {
  const advisory = 'cpe:2.3:o:acme:pump_firmware:*:*:*:*:*:*:*:*';
  const firmware = (version: string): string => `cpe:2.3:o:acme:pump_firmware:${version}:*:*:*:*:*:*:*`;

  it('matches an advisory without version plus a generic vers range', () => {
    const range = 'vers:generic/<4.2.1';
    expect(cpeMatchesWithRange(advisory, firmware('4.1.9'), range)).toBe(true);
    expect(cpeMatchesWithRange(advisory, firmware('4.2.1-rc1'), range)).toBe(true);
    expect(cpeMatchesWithRange(advisory, firmware('4.2.1'), range)).toBe(false);
    expect(cpeMatchesWithRange(advisory, firmware('4.10'), range)).toBe(false);
    expect(cpeMatchesWithRange(advisory, firmware('4.1.9'), 'vers:generic/>=4.0|<4.2.1')).toBe(true);
    expect(cpeMatchesWithRange(advisory, firmware('3.9'), 'vers:generic/>=4.0|<4.2.1')).toBe(false);
    // Without a range, the name alone decides.
    expect(cpeMatchesWithRange(advisory, firmware('9.9'), null)).toBe(true);
  });

  it('does not match another product, vendor or part whatever the version', () => {
    const range = 'vers:generic/<4.2.1';
    expect(cpeMatchesWithRange(advisory, 'cpe:2.3:o:acme:pump_bootloader:4.1:*:*:*:*:*:*:*', range)).toBe(
      false,
    );
    expect(cpeMatchesWithRange(advisory, 'cpe:2.3:o:other:pump_firmware:4.1:*:*:*:*:*:*:*', range)).toBe(
      false,
    );
    expect(cpeMatchesWithRange(advisory, 'cpe:2.3:h:acme:pump_firmware:4.1:*:*:*:*:*:*:*', range)).toBe(
      false,
    );
  });

  it('never guesses: unknown scheme, ANY/NA/wildcard version, invalid version', () => {
    expect(cpeMatchesWithRange(advisory, firmware('4.1.9'), 'vers:unknownscheme/<4.2.1')).toBe(false);
    expect(cpeMatchesWithRange(advisory, firmware('*'), 'vers:generic/<4.2.1')).toBe(false);
    expect(cpeMatchesWithRange(advisory, firmware('-'), 'vers:generic/<4.2.1')).toBe(false);
    expect(cpeVersionInRange(firmware('4.1.*'), 'vers:generic/<4.2.1')).toBe(false);
    // 4.1.9 is not a semantic version, so a semver range says nothing about it.
    expect(cpeMatchesWithRange(advisory, firmware('4.1'), 'vers:semver/<4.2.1')).toBe(false);
    expect(cpeMatchesWithRange(advisory, firmware('4.1.0'), 'vers:semver/<4.2.1')).toBe(true);
    // A range whose own versions are invalid in its scheme cannot be tested.
    expect(cpeVersionInRange(firmware('4.1.0'), 'vers:semver/>=4.0|<4.2')).toBe(false);
    // A malformed range is an error, not a non-match.
    expect(() => cpeMatchesWithRange(advisory, firmware('4.1.9'), 'generic <4.2.1')).toThrow(VersError);
  });

  it('requires a specific pattern version to match as well', () => {
    const pinned = 'cpe:2.3:o:acme:pump_firmware:4.1.9:*:*:*:*:*:*:*';
    expect(cpeMatchesWithRange(pinned, firmware('4.1.9'), 'vers:generic/<4.2.1')).toBe(true);
    expect(cpeMatchesWithRange(pinned, firmware('4.1.8'), 'vers:generic/<4.2.1')).toBe(false);
  });

  it('compares vendor and product case-insensitively', () => {
    expect(
      cpeMatches(
        'cpe:2.3:a:OpenSSL:OpenSSL:*:*:*:*:*:*:*:*',
        'cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*',
      ),
    ).toBe(true);
    expect(
      cpeMatchesWithRange(
        'cpe:2.3:o:ACME:Pump_Firmware:*:*:*:*:*:*:*:*',
        firmware('4.1.9'),
        'vers:generic/<4.2.1',
      ),
    ).toBe(true);
  });

  it('matches a ? wildcard in the pattern version one character at a time', () => {
    const pattern = 'cpe:2.3:a:openssl:openssl:3.0.?:*:*:*:*:*:*:*';
    const openssl = (v: string): string => `cpe:2.3:a:openssl:openssl:${v}:*:*:*:*:*:*:*`;
    expect(cpeMatches(pattern, openssl('3.0.7'))).toBe(true);
    expect(cpeMatches(pattern, openssl('3.0.10'))).toBe(false);
    expect(cpeMatches(pattern, openssl('3.1.7'))).toBe(false);
    expect(cpeMatches('cpe:2.3:a:openssl:openssl:3.0.*:*:*:*:*:*:*:*', openssl('3.0.10'))).toBe(true);
  });

  it('does not match a candidate more general than the pattern', () => {
    const linuxOnly = 'cpe:2.3:a:acme:agent:*:*:*:*:*:linux:*:*';
    expect(cpeMatches(linuxOnly, 'cpe:2.3:a:acme:agent:2.0:*:*:*:*:linux:*:*')).toBe(true);
    expect(cpeMatches(linuxOnly, 'cpe:2.3:a:acme:agent:2.0:*:*:*:*:windows:*:*')).toBe(false);
    expect(cpeMatches(linuxOnly, 'cpe:2.3:a:acme:agent:2.0:*:*:*:*:*:*:*')).toBe(false);
  });

  it('gives index keys for specific part, vendor and product only', () => {
    expect(cpeMatchKey(advisory)).toBe('cpe:o:acme:pump_firmware');
    expect(cpeMatchKey('cpe:2.3:a:OpenSSL:OpenSSL:3.0.7:*:*:*:*:*:*:*')).toBe('cpe:a:openssl:openssl');
    expect(cpeMatchKey('cpe:/a:sdbus-cpp_project:sdbus-c%2b%2b:2.2.1')).toBe(
      'cpe:a:sdbus-cpp_project:sdbus-c++',
    );
    expect(cpeMatchKey(parseCpe('cpe:2.3:a:acme:a\\:b:1.0:*:*:*:*:*:*:*'))).toBe('cpe:a:acme:a\\:b');
    expect(cpeMatchKey('cpe:2.3:*:acme:agent:*:*:*:*:*:*:*:*')).toBeNull();
    expect(cpeMatchKey('cpe:2.3:a:*:agent:*:*:*:*:*:*:*:*')).toBeNull();
    expect(cpeMatchKey('cpe:2.3:a:acme:-:*:*:*:*:*:*:*:*')).toBeNull();
    expect(cpeMatchKey('cpe:2.3:a:acme:agent*:*:*:*:*:*:*:*:*')).toBeNull();
    expect(cpeMatchKey('not a cpe')).toBeNull();
  });

  it('turns NVD version bounds into a vers range', () => {
    expect(versFromNvdBounds({ versionStartIncluding: '4.0', versionEndExcluding: '4.2.1' })).toBe(
      'vers:generic/>=4.0|<4.2.1',
    );
    expect(versFromNvdBounds({ versionStartExcluding: '1.0', versionEndIncluding: '1.5' }, 'semver')).toBe(
      'vers:semver/>1.0|<=1.5',
    );
    expect(versFromNvdBounds({ versionEndExcluding: '4.2.1' })).toBe('vers:generic/<4.2.1');
    expect(versFromNvdBounds({})).toBeNull();
    expect(() => versFromNvdBounds({ versionEndIncluding: '1', versionEndExcluding: '2' })).toThrow(CpeError);
    const range = versFromNvdBounds({ versionStartIncluding: '4.0', versionEndExcluding: '4.2.1' });
    expect(cpeMatchesWithRange(advisory, firmware('4.2.0'), range)).toBe(true);
  });
});
