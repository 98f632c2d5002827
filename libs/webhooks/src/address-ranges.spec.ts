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

  // Every IPv6 form that embeds an IPv4 address is classified by the embedded address.
  it.each([
    // IPv4-compatible ::/96 (URL writes [::127.0.0.1] as [::7f00:1]; both spellings are the same address)
    ['::127.0.0.1', 'forbidden', 'ipv4Compatible(loopback)'],
    ['::7f00:1', 'forbidden', 'ipv4Compatible(loopback)'],
    ['::a00:1', 'forbidden', 'ipv4Compatible(private)'],
    ['::a9fe:a9fe', 'forbidden', 'ipv4Compatible(linkLocal)'],
    ['::0.0.0.2', 'forbidden', 'ipv4Compatible(unspecified)'],
    ['::5db8:d822', 'public', 'ipv4Compatible'],
    // IPv4-mapped ::ffff:0:0/96 is the IPv4 address itself
    ['::ffff:7f00:1', 'loopback', 'loopback'],
    ['::ffff:a9fe:a9fe', 'forbidden', 'linkLocal'],
    ['::ffff:93.184.216.34', 'public', 'unicast'],
    // IPv4-translated ::ffff:0:0:0/96
    ['::ffff:0:7f00:1', 'forbidden', 'ipv4Translated(loopback)'],
    ['::ffff:0:5db8:d822', 'public', 'ipv4Translated'],
    // NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48
    ['64:ff9b::127.0.0.1', 'forbidden', 'nat64(loopback)'],
    ['64:ff9b::a00:1', 'forbidden', 'nat64(private)'],
    ['64:ff9b::a9fe:a9fe', 'forbidden', 'nat64(linkLocal)'],
    ['64:ff9b::5db8:d822', 'public', 'nat64'],
    ['64:ff9b:1::5db8:d822', 'forbidden', 'nat64LocalUse'],
    // 6to4 2002::/16 (the IPv4 address is bits 16–47)
    ['2002:7f00:1::1', 'forbidden', '6to4(loopback)'],
    ['2002:a9fe:a9fe::1', 'forbidden', '6to4(linkLocal)'],
    ['2002:c0a8:101::1', 'forbidden', '6to4(private)'],
    ['2002:5db8:d822::1', 'public', '6to4'],
    // Teredo 2001::/32: the server (bits 32–63) and the client (bits 96–127, inverted) must both be public
    ['2001:0:7f00:1:8000:63bf:a247:2ddd', 'forbidden', 'teredo(loopback)'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'forbidden', 'teredo(private)'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'forbidden', 'teredo(reserved)'],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'public', 'teredo'],
  ])('%s embeds IPv4: %s (%s)', (address, category, range) => {
    expect(classifyAddress(address)).toMatchObject({ category, range });
  });

  it('keeps :: and ::1 what they are, not IPv4-compatible addresses', () => {
    expect(classifyAddress('::')).toMatchObject({ category: 'forbidden', range: 'unspecified' });
    expect(classifyAddress('::1')).toMatchObject({ category: 'loopback', range: 'loopback' });
  });

  it('classifies a link-local address with a zone, as a resolver may return it', () => {
    expect(classifyAddress('fe80::1%eth0')).toMatchObject({ category: 'forbidden', range: 'linkLocal' });
  });

  it('throws for something that is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow(TypeError);
  });
});
