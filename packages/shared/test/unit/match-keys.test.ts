import { describe, expect, it } from 'vitest';
import {
  matchKeysOf,
  modelMatchKey,
  nameMatchKey,
  purlMatchKey,
  purlMatchKeyOf,
  splitPurl,
} from '../../src/matching/match-keys.js';
import { osvPackageMatchKey } from '../../src/matching/rules.js';
import type { ComponentIdentity } from '../../src/matching/types.js';

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

describe('purlMatchKey', () => {
  it('drops version, qualifiers and subpath', () => {
    expect(purlMatchKey('pkg:npm/lodash@4.17.20?foo=bar#lib/x')).toBe('purl:npm/lodash');
  });

  it('lower-cases npm names and keeps the scope', () => {
    expect(purlMatchKey('pkg:npm/%40Babel/Core@7.0.0')).toBe('purl:npm/@babel/core');
    expect(purlMatchKey('pkg:NPM/%40babel/core')).toBe('purl:npm/@babel/core');
  });

  it('normalizes PyPI names per PEP 503', () => {
    expect(purlMatchKey('pkg:pypi/Django@4.2')).toBe(purlMatchKey('pkg:pypi/django'));
    expect(purlMatchKey('pkg:pypi/Zope.Interface_X@1')).toBe('purl:pypi/zope-interface-x');
  });

  it('keeps the case of Maven and Go names', () => {
    expect(purlMatchKey('pkg:maven/org.Apache/Foo@1.0')).toBe('purl:maven/org.Apache/Foo');
    expect(purlMatchKey('pkg:golang/github.com/Sirupsen/logrus@v1.9.0')).toBe(
      'purl:golang/github.com/Sirupsen/logrus',
    );
  });

  it('keeps the distribution namespace of deb and rpm, but not the distro qualifier', () => {
    expect(purlMatchKey('pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12')).toBe(
      'purl:deb/debian/openssl',
    );
    expect(purlMatchKey('pkg:deb/ubuntu/openssl@3.0.2')).toBe('purl:deb/ubuntu/openssl');
    expect(purlMatchKey('pkg:rpm/RedHat/NetworkManager@1.40')).toBe('purl:rpm/redhat/NetworkManager');
  });

  it('returns null for what is not a purl', () => {
    expect(purlMatchKey('lodash@4.17.20')).toBeNull();
    expect(purlMatchKey('pkg:npm')).toBeNull();
    expect(purlMatchKey('pkg:npm/%E0%A4%A')).toBeNull();
  });

  it('meets the key of the same package named by an OSV ecosystem and name', () => {
    const pairs: [string, string, string][] = [
      ['npm', '@babel/core', 'pkg:npm/%40babel/core@7.0.0'],
      ['PyPI', 'Django', 'pkg:pypi/django@4.2.1'],
      [
        'Maven',
        'org.apache.logging.log4j:log4j-core',
        'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      ],
      ['Go', 'github.com/gin-gonic/gin', 'pkg:golang/github.com/gin-gonic/gin@v1.9.0'],
      ['Debian:12', 'openssl', 'pkg:deb/debian/openssl@3.0.11-1?distro=debian-12'],
      ['AlmaLinux:9', 'openssl', 'pkg:rpm/almalinux/openssl@3.0.7-1.el9'],
      ['crates.io', 'tokio', 'pkg:cargo/tokio@1.28.0'],
      ['RubyGems', 'rails', 'pkg:gem/rails@7.0.4'],
    ];
    for (const [ecosystem, name, purl] of pairs) {
      expect(osvPackageMatchKey(ecosystem, name), `${ecosystem} ${name}`).toBe(purlMatchKey(purl));
    }
  });

  it('splits the version after the last slash, not a scope', () => {
    expect(splitPurl('pkg:npm/%40scope/name')).toMatchObject({
      namespace: '@scope',
      name: 'name',
      version: null,
    });
    expect(splitPurl('pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5')).toMatchObject({
      version: '7.88.1-10+deb12u5',
    });
  });
});

describe('purlMatchKeyOf (the fast path of purlMatchKey)', () => {
  it('gives the key purlMatchKey gives, for usual and unusual purls', () => {
    const purls = [
      'pkg:npm/lodash@4.17.21',
      'pkg:npm/%40angular/core@16.0.0',
      'pkg:npm/@angular/core@16.0.0',
      'pkg:npm/Lodash@1.0.0',
      'pkg:NPM/lodash',
      'PKG:npm/lodash',
      'pkg://npm/lodash',
      'pkg:npm//lodash',
      'pkg:npm/lodash/',
      'pkg:npm/lodash@',
      'pkg:npm/lodash@%E0%A4%A',
      'pkg:npm/lod%61sh@1.0.0',
      'pkg:npm/lodash@1.0.0?x=1#sub/path',
      'pkg:npm/lodash#sub@x',
      'pkg:npm/lodash?a=b@c',
      'pkg:npm/a/b/c@1.0.0/x',
      'pkg:pypi/Django@4.2',
      'pkg:pypi/django@4.2',
      'pkg:pypi/zope.interface@5.0',
      'pkg:pypi/py-pkg-1@1.0',
      'pkg:pypi/py--pkg@1.0',
      'pkg:pypi/-pkg@1.0',
      'pkg:pypi/ns/pkg@1.0',
      'pkg:maven/org.Apache/Commons-Text@1.10.0',
      'pkg:golang/github.com/Org/Repo@v1.2.3',
      'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      'pkg:deb/Debian/openssl@1.0',
      'pkg:rpm/RedHat/OpenSSL@1.0-1.el9',
      'pkg:rpm/redhat/OpenSSL@1.0-1.el9',
      'pkg:nuget/Newtonsoft.Json@13.0.1',
      'pkg:cargo/serde@1.0.0',
      'pkg:gem/rails@7.0.0',
      'pkg:generic/caf\u00e9@1',
      'pkg:npm/café@1',
      'pkg:npm',
      'pkg:npm/',
      'pkg:/lodash',
      'not a purl',
      '',
    ];
    for (const purl of purls) expect(purlMatchKeyOf(purl), purl).toBe(purlMatchKey(purl));
  });
});

describe('nameMatchKey and modelMatchKey', () => {
  it('folds case, punctuation, spaces and legal suffixes of the vendor', () => {
    expect(nameMatchKey('ACME, Inc.', 'Infusion  Pump')).toBe('name:acme|infusion pump');
    expect(nameMatchKey('Acme Corp', 'infusion-pump')).toBe('name:acme|infusion pump');
    expect(nameMatchKey('Siemens AG', 'SIMATIC S7-1500')).toBe('name:siemens|simatic s7 1500');
  });

  it('keeps a vendor that is only a legal word, and an unknown vendor as empty', () => {
    expect(nameMatchKey('Company', 'x')).toBe('name:company|x');
    expect(nameMatchKey(null, 'Infusion Pump')).toBe('name:|infusion pump');
  });

  it('folds model numbers', () => {
    expect(modelMatchKey('Acme', 'IP-2000')).toBe('model:acme|ip2000');
    expect(modelMatchKey('ACME Ltd.', 'ip 2000')).toBe('model:acme|ip2000');
    expect(modelMatchKey('Acme', 'IP-2000')).not.toBe(modelMatchKey('Acme', 'IP-3000'));
  });
});

describe('matchKeysOf', () => {
  it('gives every identity of a component', () => {
    const keys = matchKeysOf(
      component({
        name: 'Infusion Pump',
        vendor: 'Acme Corp.',
        purl: 'pkg:generic/acme/pump-firmware@4.1.9',
        cpe: 'cpe:2.3:h:acme:infusion_pump:4.1.9:*:*:*:*:*:*:*',
        modelNumber: 'IP-2000',
      }),
    );
    expect(keys).toEqual([
      'purl:generic/acme/pump-firmware',
      'cpe:h:acme:infusion_pump',
      'model:acme|ip2000',
      'model:|ip2000',
      'name:acme|infusion pump',
      'name:|infusion pump',
    ]);
  });

  it('looks a component of unknown vendor up only under the empty vendor', () => {
    expect(matchKeysOf(component({ name: 'Infusion Pump', modelNumber: 'IP-2000' }))).toEqual([
      'model:|ip2000',
      'name:|infusion pump',
    ]);
  });

  it('skips an invalid purl and a CPE without vendor and product', () => {
    expect(
      matchKeysOf(component({ name: 'x', purl: 'not a purl', cpe: 'cpe:2.3:a:*:*:*:*:*:*:*:*:*:*' })),
    ).toEqual(['name:|x']);
  });
});
