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
  /**
   * ipaddr.js's range name, e.g. `private`, `linkLocal`, `carrierGradeNat`, `uniqueLocal`; for an IPv6
   * address that embeds an IPv4 one, the form and the embedded address's range: `nat64(loopback)`.
   */
  range: string;
  category: AddressCategory;
}

const PRIVATE_RANGES: readonly string[] = ['private', 'carrierGradeNat', 'uniqueLocal'];

/** A 32-bit IPv4 address out of two 16-bit IPv6 groups. */
function ipv4Of(high: number | undefined, low: number | undefined): ipaddr.IPv4 {
  const h = high ?? 0;
  const l = low ?? 0;
  return new ipaddr.IPv4([h >> 8, h & 0xff, l >> 8, l & 0xff]);
}

interface Embedding {
  /** The form's name, shown in `range`: `ipv4Compatible(loopback)`. */
  form: string;
  prefix: [ipaddr.IPv6, number];
  /** Every IPv4 address the form carries (Teredo carries two: its server and its client). */
  embedded: (parts: readonly number[]) => ipaddr.IPv4[];
}

const cidr = (text: string): [ipaddr.IPv6, number] => ipaddr.IPv6.parseCIDR(text);

/**
 * Every IPv6 form that carries an IPv4 address a host, a translator or a relay may end up connecting
 * to. IPv4-mapped `::ffff:0:0/96` is not listed: it *is* the IPv4 address (a dual-stack socket connects
 * to it), so it is unwrapped and classified as that address. Order matters: `::/96` after the others
 * would never be reached by them, but `::` and `::1` are excluded by `classifyAddress` first.
 */
const EMBEDDINGS: readonly Embedding[] = [
  // RFC 4291 §2.5.5.1 (deprecated IPv4-compatible): `::127.0.0.1` is written `::7f00:1` by URL.
  { form: 'ipv4Compatible', prefix: cidr('::/96'), embedded: (p) => [ipv4Of(p[6], p[7])] },
  // RFC 6145 / 7915 IPv4-translated.
  { form: 'ipv4Translated', prefix: cidr('::ffff:0:0:0/96'), embedded: (p) => [ipv4Of(p[6], p[7])] },
  // RFC 6052 well-known NAT64 prefix.
  { form: 'nat64', prefix: cidr('64:ff9b::/96'), embedded: (p) => [ipv4Of(p[6], p[7])] },
  // RFC 3056 6to4: the relay's IPv4 address is bits 16–47.
  { form: '6to4', prefix: cidr('2002::/16'), embedded: (p) => [ipv4Of(p[1], p[2])] },
  // RFC 4380 Teredo: the server in bits 32–63, the client (inverted) in bits 96–127.
  {
    form: 'teredo',
    prefix: cidr('2001::/32'),
    embedded: (p) => [ipv4Of(p[2], p[3]), ipv4Of((p[6] ?? 0) ^ 0xffff, (p[7] ?? 0) ^ 0xffff)],
  },
];

/**
 * RFC 8215 local-use NAT64 prefix: where its IPv4 address sits depends on the operator's prefix length
 * (RFC 6052 §2.2), so it cannot be read reliably; it is never public anyway.
 */
const LOCAL_NAT64 = cidr('64:ff9b:1::/48');

function categoryOf(range: string): AddressCategory {
  if (range === 'unicast') return 'public';
  if (range === 'loopback') return 'loopback';
  if (PRIVATE_RANGES.includes(range)) return 'private';
  return 'forbidden';
}

/**
 * An IPv6 literal as WHATWG URL serialises it (RFC 5952): `::127.0.0.1` → `::7f00:1`. ipaddr.js reads
 * the dotted form `::a.b.c.d` as IPv4-mapped, which it is not; the hex form it reads right.
 */
function canonicalIPv6(literal: string): string {
  // A zone (`fe80::1%eth0`, from a resolver) does not change the range, and URL refuses it.
  const [address = literal] = literal.split('%');
  return new URL(`http://[${address}]/`).hostname.replace(/^\[(.*)\]$/, '$1');
}

function parse(literal: string): ipaddr.IPv4 | ipaddr.IPv6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(literal)) return ipaddr.IPv4.parse(literal);
  if (!ipaddr.IPv6.isValid(literal) && !ipaddr.IPv4.isValid(literal)) {
    throw new TypeError(`Not an IP address: ${JSON.stringify(literal)}`);
  }
  if (!literal.includes(':')) return ipaddr.IPv4.parse(literal);
  const ip = ipaddr.IPv6.parse(canonicalIPv6(literal));
  return ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip;
}

/**
 * An IPv6 address that embeds IPv4 is only as good as the IPv4 address it reaches: public when every
 * embedded address is public, otherwise forbidden — even when loopback or private receivers are
 * allowed, a translator or relay is no way to reach one.
 */
function classifyEmbedding(ip: ipaddr.IPv6): AddressClass | undefined {
  const address = ip.toString();
  if (ip.match(LOCAL_NAT64)) return { address, range: 'nat64LocalUse', category: 'forbidden' };
  const embedding = EMBEDDINGS.find(({ prefix }) => ip.match(prefix));
  if (embedding === undefined) return undefined;
  for (const inner of embedding.embedded(ip.parts)) {
    const innerRange = inner.range();
    if (categoryOf(innerRange) !== 'public') {
      return { address, range: `${embedding.form}(${innerRange})`, category: 'forbidden' };
    }
  }
  return { address, range: embedding.form, category: 'public' };
}

/** Classifies an IP literal (v4 or v6, without brackets). Throws TypeError for a non-IP string. */
export function classifyAddress(literal: string): AddressClass {
  const ip = parse(literal);
  const range = ip.range();
  if (ip.kind() === 'ipv6' && range !== 'unspecified' && range !== 'loopback') {
    const embedded = classifyEmbedding(ip as ipaddr.IPv6);
    if (embedded !== undefined) return embedded;
  }
  return { address: ip.toString(), range, category: categoryOf(range) };
}
