import { describe, expect, it } from 'vitest';
import { isBlockedAddress, type AddressClass } from '../../src/lib/outbound.js';

const BLOCKED_V4: [string, AddressClass][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.0.1', 'link-local'],
  ['169.254.255.255', 'link-local'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.254', 'cgnat'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['169.254.169.254', 'cloud-metadata'],
  ['169.254.170.2', 'cloud-metadata'],
  ['100.100.100.200', 'cloud-metadata'],
  ['192.0.0.192', 'cloud-metadata'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.254', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['192.0.0.8', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['254.1.2.3', 'reserved'],
];

const BLOCKED_V6: [string, AddressClass][] = [
  ['::', 'unspecified'],
  ['0:0:0:0:0:0:0:0', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['[::1]', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['FD00::ABCD', 'unique-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['fd00:ec2::254', 'cloud-metadata'],
  ['fd00:ec2:0:0:0:0:0:254', 'cloud-metadata'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmarking'],
  ['2001::1', 'reserved'], // Teredo
  ['100::1', 'reserved'], // discard-only
  ['::7f00:1', 'reserved'], // deprecated IPv4-compatible form
  ['64:ff9b:1::1', 'reserved'], // local-use NAT64
  ['4000::1', 'reserved'], // outside global unicast
];

/** IPv6 forms that carry an IPv4 address are judged by that address. */
const BLOCKED_EMBEDDED: [string, AddressClass][] = [
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
  ['::FFFF:10.0.0.1', 'private'],
  ['::ffff:192.168.0.1', 'private'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::ffff:169.254.169.254', 'cloud-metadata'],
  ['::ffff:a9fe:a9fe', 'cloud-metadata'],
  ['::ffff:100.100.100.200', 'cloud-metadata'],
  ['::ffff:100.64.0.1', 'cgnat'],
  ['::ffff:224.0.0.1', 'multicast'],
  ['::ffff:255.255.255.255', 'broadcast'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'cloud-metadata'],
  ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
  ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
];

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '11.0.0.1',
  '9.255.255.255',
  '172.15.255.255',
  '172.32.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '169.253.255.255',
  '169.255.0.1',
  '192.167.255.255',
  '192.169.0.1',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:80b::200e',
  '2001:200::1', // just past the IETF protocol assignments block
  '3fff:1000::1', // just past the 3fff::/20 documentation block
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
];

const NOT_ADDRESSES = [
  '',
  'example.com',
  'localhost',
  '1.2.3',
  '256.0.0.1',
  '010.0.0.1',
  '10.0.0.1/8',
  '::ffff:999.0.0.1',
  'fe80::1::2',
  '1:2:3:4:5:6:7:8:9',
];

describe('isBlockedAddress', () => {
  describe.each([
    ['IPv4', BLOCKED_V4],
    ['IPv6', BLOCKED_V6],
    ['IPv4 inside IPv6 (mapped, NAT64, 6to4)', BLOCKED_EMBEDDED],
  ])('%s', (_family, table) => {
    it.each(table)('blocks %s as %s', (ip, reason) => {
      expect(isBlockedAddress(ip)).toEqual({ blocked: true, reason });
    });
  });

  it.each(PUBLIC)('allows the public address %s', (ip) => {
    expect(isBlockedAddress(ip)).toEqual({ blocked: false });
  });

  it.each(NOT_ADDRESSES)('blocks %j, which is not an IP address', (text) => {
    expect(isBlockedAddress(text)).toEqual({ blocked: true, reason: 'invalid' });
  });

  it('treats the boundaries of a range exactly', () => {
    expect(isBlockedAddress('172.16.0.0').reason).toBe('private');
    expect(isBlockedAddress('172.15.255.255').blocked).toBe(false);
    expect(isBlockedAddress('fbff:ffff::1').reason).toBe('reserved'); // below fc00::/7, outside 2000::/3
    expect(isBlockedAddress('fc00::').reason).toBe('unique-local');
    expect(isBlockedAddress('fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff').reason).toBe('unique-local');
    expect(isBlockedAddress('fe7f::1').reason).toBe('reserved');
    expect(isBlockedAddress('1fff:ffff::1').reason).toBe('reserved');
    expect(isBlockedAddress('2000::1').blocked).toBe(false);
    expect(isBlockedAddress('3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff').blocked).toBe(false);
  });
});
