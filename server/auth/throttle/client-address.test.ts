import { describe, expect, test } from 'vitest';
import { addressKey, clientAddressResolver, plainAddress } from './client-address.ts';

describe('the client address', () => {
  test('without trusted proxies it is the connection’s, whatever X-Forwarded-For says', () => {
    const resolve = clientAddressResolver([]);
    expect(resolve('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(resolve('::ffff:203.0.113.9', null)).toBe('203.0.113.9');
  });

  test('behind a trusted proxy it is the forwarded client, read from the right', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8', '127.0.0.1']);
    expect(resolve('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    // A client that writes its own X-Forwarded-For only adds entries on the left.
    expect(resolve('127.0.0.1', '1.1.1.1, 198.51.100.7')).toBe('198.51.100.7');
    // Our proxies in a chain are skipped.
    expect(resolve('127.0.0.1', '1.1.1.1, 198.51.100.7, 10.1.2.3')).toBe('198.51.100.7');
    expect(resolve('127.0.0.1', '[2001:db8::1]:443')).toBe('2001:db8::1');
  });

  test('a peer that is not a trusted proxy is the client, though it forwards', () => {
    const resolve = clientAddressResolver(['127.0.0.1']);
    expect(resolve('127.0.0.2', '198.51.100.7')).toBe('127.0.0.2');
  });

  test('a forwarded entry that is not an address leaves the nearest believable one', () => {
    const resolve = clientAddressResolver(['127.0.0.1', '10.0.0.0/8']);
    expect(resolve('127.0.0.1', 'unknown')).toBe('127.0.0.1');
    expect(resolve('127.0.0.1', 'garbage, 10.1.2.3')).toBe('10.1.2.3');
  });

  test('an IPv6 client is counted by its /64 network', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
  });

  test('addresses are read without ports, brackets or IPv4 mapping, and nonsense is refused', () => {
    expect(plainAddress(' 203.0.113.9:8080 ')).toBe('203.0.113.9');
    expect(plainAddress('[2001:DB8::1]')).toBe('2001:db8::1');
    expect(plainAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(plainAddress('not-an-address')).toBeUndefined();
    expect(plainAddress(undefined)).toBeUndefined();
  });
});
