import ipaddr from 'ipaddr.js';

/**
 * How the SSRF guard treats an address: `public` is always allowed, `loopback` and `private` only when
 * the policy says so, `forbidden` never (link-local incl. cloud metadata 169.254.169.254, unspecified,
 * multicast, broadcast, reserved and documentation ranges, …).
 */
export type AddressCategory = 'public' | 'loopback' | 'private' | 'forbidden';

export interface AddressClass {
  /** The address as classified (IPv4-mapped IPv6 is unwrapped: `::ffff:10.0.0.1` → `10.0.0.1`). */
  address: string;
  /** ipaddr.js's range name, e.g. `private`, `linkLocal`, `carrierGradeNat`, `uniqueLocal`. */
  range: string;
  category: AddressCategory;
}

const PRIVATE_RANGES: readonly string[] = ['private', 'carrierGradeNat', 'uniqueLocal'];

/** IPv6 prefixes that embed an IPv4 address a NAT64/6to4 gateway would forward to. */
function embeddedIPv4(ip: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const p = ip.parts;
  const v4 = (high: number | undefined, low: number | undefined) =>
    new ipaddr.IPv4([(high ?? 0) >> 8, (high ?? 0) & 0xff, (low ?? 0) >> 8, (low ?? 0) & 0xff]);
  if (range === 'rfc6052' || range === 'rfc6145') return v4(p[6], p[7]);
  if (range === '6to4') return v4(p[1], p[2]);
  return undefined;
}

function categoryOf(range: string): AddressCategory {
  if (range === 'unicast') return 'public';
  if (range === 'loopback') return 'loopback';
  if (PRIVATE_RANGES.includes(range)) return 'private';
  return 'forbidden';
}

/** Classifies an IP literal (v4 or v6, without brackets). Throws TypeError for a non-IP string. */
export function classifyAddress(literal: string): AddressClass {
  if (!ipaddr.isValid(literal)) throw new TypeError(`Not an IP address: ${JSON.stringify(literal)}`);
  const ip = ipaddr.process(literal);
  const range = ip.range();
  const address = ip.toString();
  if (ip.kind() === 'ipv6') {
    const inner = embeddedIPv4(ip as ipaddr.IPv6, range);
    if (inner !== undefined) {
      const innerRange = inner.range();
      const category = categoryOf(innerRange);
      // A translated address is only as good as the IPv4 address it reaches.
      return category === 'public'
        ? { address, range, category }
        : { address, range: `${range}(${innerRange})`, category: 'forbidden' };
    }
  }
  return { address, range, category: categoryOf(range) };
}
