import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('is the socket peer, and ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('10.0.0.7', undefined, 0)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.7', '203.0.113.9', 0)).toBe('10.0.0.7');
  });

  it('reads an IPv4 peer on a dual-stack socket as IPv4', () => {
    expect(clientAddress('::ffff:127.0.0.1', undefined, 0)).toBe('127.0.0.1');
    expect(clientAddress('2001:DB8::1', undefined, 0)).toBe('2001:db8::1');
  });

  it('behind n trusted proxies, takes the n-th address from the right (what our proxies wrote)', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.9', 1)).toBe('203.0.113.9');
    // The client sent its own X-Forwarded-For: the spoofed entry is left of the one our proxy appended.
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.1', 2)).toBe('203.0.113.9');
  });

  it('takes the leftmost with fewer entries than hops, and the peer when there is none or it is no IP', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.9', 3)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'evil.example', 1)).toBe('10.0.0.2');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });
});
