import { describe, expect, it } from 'vitest';
import {
  alpmScheme,
  datetimeScheme,
  debianScheme,
  gemScheme,
  genericScheme,
  goScheme,
  lexicographicScheme,
  mavenScheme,
  nugetScheme,
  pep440Scheme,
  rpmScheme,
  semverScheme,
  type VersionScheme,
} from '../../src/matching/versions/index.js';

/** mulberry32: a seeded PRNG, so that failures reproduce. */
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

/** Versions of many shapes: plain releases (keyed), qualifiers, epochs, odd and invalid text. */
function pool(seed: number, extra: readonly string[]): string[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const num = (): string =>
    pick(['0', '1', '2', '9', '10', '01', '65535', '65536', '2097152', '99999999999']);
  const out = new Set<string>([
    ...extra,
    '',
    ' ',
    '0',
    '1',
    '1.0',
    '1.0.0',
    '1.0.0.0',
    'v1.2.3',
    '1.2.3',
    '1..2',
    '1.2.',
    '.1',
    'a',
    '*',
  ]);
  for (let i = 0; i < 120; i++) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 4) }, num).join('.');
    const suffix = pick([
      '',
      '',
      '',
      '-rc.1',
      '-alpha',
      'rc1',
      '.Final',
      '-SNAPSHOT',
      '.post1',
      '.dev0',
      '+build.5',
      '-1',
      '~rc1',
      '.beta1',
      '-preview.2',
      '-beta-1',
      '-M2',
      '-RC1',
      '.RELEASE',
      '-sp1',
      '-rc',
      '-rc.0',
      '-beta.1023',
      'b2',
      'c1',
      '.post',
      '-1.dev2',
      'a',
      '-1.el9',
      ':x',
    ]);
    const prefix = pick(['', '', '', '', 'v', '1:', '2:']);
    out.add(`${prefix}${parts}${suffix}`);
  }
  return [...out];
}

const SCHEMES: readonly [VersionScheme, readonly string[]][] = [
  [
    semverScheme,
    [
      '1.0.0-alpha.1',
      '1.0.0-beta.11',
      '1.0.0+meta',
      ' 1.2.3 ',
      '01.2.3',
      '1.2.3-01',
      '1.0.0-rc',
      '1.0.0-rc.0',
      '1.0.0-rc.1.1',
      '1.0.0-rc.x',
      '1.0.0-RC.1',
      '1.0.0-pre',
      '1.0.0-preview.1',
      '1.0.0-next.2',
      '1.0.0-dev.1022',
      '1.0.0-dev.1023',
      '1.0.0-alpha1',
      '1.0.0-1',
      '4095.4095.4095',
      '1.4096.0',
      '65535.1.1-rc.1',
      '65536.0.0',
    ],
  ],
  [
    goScheme,
    ['v1.0.0', 'v1.0.0-rc.1', 'v2.0.0+incompatible', 'vv1.0.0', '1.0.0', 'v1.0.0-beta', 'v1.0.1-alpha.3'],
  ],
  [
    pep440Scheme,
    [
      '1.0a1',
      '1.0b2.post3',
      '1!2.0',
      '1.0+local.7',
      '1.0.dev1',
      'V1.0',
      '1.0-1',
      '1.0rc1',
      '1.0rc1.dev2',
      '1.0.post1.dev1',
      '1.0c2',
      '1.0.0.0rc1',
      '1.0.post1022',
      '1.0.post1023',
      '1.0a',
      '1.0.dev',
      '1.0.0.1rc1',
    ],
  ],
  [
    mavenScheme,
    [
      '1.0-alpha-1',
      '1.0.0.RELEASE',
      '1-sp1',
      '1.0 beta',
      '1.0-cr1',
      '1.0.0.0.1',
      '1.0.0-RC1',
      '1.0-rc-1',
      '1.0.0rc1',
      '1.0-rc1.1',
      '1.0-final-1',
      '1.2.3.Final',
      '1.0-SNAPSHOT',
      '1.0-M2',
      '1.0-foo',
      '-rc1',
      '1.0-rc1023',
      '1.0-rc1024',
      '1.0.1-1',
    ],
  ],
  [nugetScheme, ['1.0.0-Beta.2', '1.0.0.1', '1.0.0-alpha+build', '1.0.0.0.0']],
  [gemScheme, ['1.0.0.rc1', '1.0.0.pre', '1.0-1', '1.a.2']],
  [debianScheme, ['1:1.0-1', '1.0~rc1-1', '1.0+dfsg-1~bpo11+1', '_bad', '1.0-a:b']],
  [rpmScheme, ['1.0-1.el9', '1:1.0-1', '1.0^post-1', '1.0~rc1', '1-2-3']],
  [alpmScheme, ['1.0-1', '1:1.0rc-2', '1.0.a-1']],
  [genericScheme, ['4.2.1rc1', 'V2.0', '1.0sp2', 'build 5', '\u00e9']],
  [datetimeScheme, ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123456789+01:00', '2024-13-01T00:00:00Z']],
  [lexicographicScheme, ['abc', 'abd', '\u00e9']],
];

/** Versions with common qualifiers that must compare by order key (not only through compareParsed). */
const KEYED: Readonly<Record<string, readonly string[]>> = {
  semver: ['1.2.3', '1.2.3-rc.1', '1.2.3-alpha', '1.2.3-beta.2', '1.2.3-preview.1', '1.2.3-rc.1+build'],
  golang: ['v1.2.3', 'v1.2.3-rc.1', 'v1.2.3-beta'],
  pypi: ['1.2', '1.2rc1', '1.2.post1', '1.2.dev0', '1.2b2', '1.2a0', '1.2-1', '1.2.0.0rc1'],
  maven: ['1.2.3', '1.2.3-RC1', '1.2.3.Final', '1.2-beta-1', '1.0-SNAPSHOT', '1.2.3-M2', '1-sp1', '1.0.0rc1'],
};

const signOf = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

describe('parsed comparison agrees with compare', () => {
  for (const [scheme, extra] of SCHEMES) {
    const versions = pool(scheme.name.length * 7919, extra);
    const parse = scheme.parse?.bind(scheme);
    const compareParsed = scheme.compareParsed?.bind(scheme);
    const orderKey = scheme.orderKey?.bind(scheme);
    const textOrderKey = scheme.textOrderKey?.bind(scheme);

    it(`${scheme.name}: parse refuses exactly what compare throws on`, () => {
      expect(parse).toBeDefined();
      for (const v of versions) {
        expect(parse?.(v) === undefined, JSON.stringify(v)).toBe(throws(() => scheme.compare(v, v)));
      }
    });

    it(`${scheme.name}: compareParsed and order keys have the sign of compare`, () => {
      const valid = versions.filter((v) => parse?.(v) !== undefined);
      const parsed = valid.map((v) => parse?.(v));
      const keys = parsed.map((p) => (orderKey === undefined || p === undefined ? Number.NaN : orderKey(p)));
      let keyed = 0;
      valid.forEach((a, i) => {
        valid.forEach((b, j) => {
          const expected = signOf(scheme.compare(a, b));
          const label = `${scheme.name} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
          expect(signOf(compareParsed?.(parsed[i], parsed[j]) ?? Number.NaN), label).toBe(expected);
          const ka = keys[i] as number;
          const kb = keys[j] as number;
          if (!Number.isNaN(ka) && !Number.isNaN(kb)) {
            expect(signOf(ka - kb), `${label} (order keys)`).toBe(expected);
            keyed++;
          }
        });
      });
      if (orderKey !== undefined) expect(keyed).toBeGreaterThan(0);
    });

    it(`${scheme.name}: every version it calls keyed has a key`, () => {
      for (const v of KEYED[scheme.name] ?? []) {
        const parsed = parse?.(v);
        expect(parsed, v).toBeDefined();
        if (parsed !== undefined) expect(Number.isNaN(orderKey?.(parsed) ?? Number.NaN), v).toBe(false);
      }
    });

    it(`${scheme.name}: a key read from the text is the key of the parsed version`, () => {
      for (const v of versions) {
        const key = textOrderKey?.(v) ?? Number.NaN;
        if (Number.isNaN(key)) continue;
        const parsed = parse?.(v);
        expect(parsed, JSON.stringify(v)).toBeDefined();
        if (parsed !== undefined) expect(orderKey?.(parsed), JSON.stringify(v)).toBe(key);
      }
    });
  }
});
