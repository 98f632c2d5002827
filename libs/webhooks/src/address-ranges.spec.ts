import { classifyAddress } from './address-ranges';

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'public', 'unicast'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public', 'unicast'],
    ['127.0.0.1', 'loopback', 'loopback'],
    ['127.8.9.10', 'loopback', 'loopback'],
    ['::1', 'loopback', 'loopback'],
    ['10.0.0.1', 'private', 'private'],
    ['172.16.5.4', 'private', 'private'],
    ['192.168.1.1', 'private', 'private'],
    ['100.64.0.1', 'private', 'carrierGradeNat'],
    ['fd12:3456::1', 'private', 'uniqueLocal'],
    ['169.254.169.254', 'forbidden', 'linkLocal'],
    ['fe80::1', 'forbidden', 'linkLocal'],
    ['0.0.0.0', 'forbidden', 'unspecified'],
    ['::', 'forbidden', 'unspecified'],
    ['224.0.0.1', 'forbidden', 'multicast'],
    ['ff02::1', 'forbidden', 'multicast'],
    ['255.255.255.255', 'forbidden', 'broadcast'],
    ['192.0.2.10', 'forbidden', 'reserved'],
  ])('%s is %s (%s)', (address, category, range) => {
    expect(classifyAddress(address)).toMatchObject({ category, range });
  });

  it('unwraps IPv4-mapped IPv6 before classifying', () => {
    expect(classifyAddress('::ffff:10.0.0.1')).toEqual({
      address: '10.0.0.1',
      range: 'private',
      category: 'private',
    });
    expect(classifyAddress('::ffff:169.254.169.254')).toMatchObject({ category: 'forbidden' });
    expect(classifyAddress('::ffff:127.0.0.1')).toMatchObject({ category: 'loopback' });
  });

  it('refuses NAT64 and 6to4 addresses that embed a non-public IPv4 address', () => {
    expect(classifyAddress('64:ff9b::a00:1')).toMatchObject({
      category: 'forbidden',
      range: 'rfc6052(private)',
    });
    expect(classifyAddress('2002:a9fe:a9fe::1')).toMatchObject({
      category: 'forbidden',
      range: '6to4(linkLocal)',
    });
    expect(classifyAddress('64:ff9b::5db8:d822')).toMatchObject({ category: 'public' });
  });

  it('throws for something that is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow(TypeError);
  });
});
