import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { AppError } from '@commlab/errors';

import { type AddressClass, classifyAddress } from './address-ranges';
import { WEBHOOK_ERROR_CODES } from './webhook-error-codes';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the default uses the OS resolver, like node:http). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Which callback destinations are allowed. Public unicast addresses always are. */
export interface CallbackUrlPolicy {
  /** 127.0.0.0/8, ::1 (dev: the tutorials' `pnpm webhook:listen` runs on localhost). */
  allowLoopback: boolean;
  /** RFC 1918, CGNAT 100.64.0.0/10 and IPv6 unique-local fc00::/7 (e.g. a receiver on the same LAN). */
  allowPrivate: boolean;
  /** Injected resolver (tests); default: node:dns `lookup` with `all: true`. */
  lookup?: HostLookup;
}

/** A URL that passed the check, with the addresses it may be connected to (and no others). */
export interface CheckedCallbackUrl {
  url: URL;
  /** The host without IPv6 brackets: what the Host header and TLS SNI name. */
  hostname: string;
  addresses: readonly ResolvedAddress[];
}

const ALLOWED_PROTOCOLS: readonly string[] = ['http:', 'https:'];

export const systemHostLookup: HostLookup = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

function parseUrl(raw: string | URL): URL {
  try {
    return new URL(raw);
  } catch (error) {
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.callbackUrlInvalid,
      kind: 'invalid_argument',
      message: 'callbackUrl is not a valid absolute URL.',
      details: { url: String(raw) },
      cause: error,
    });
  }
}

function allowed(category: AddressClass['category'], policy: CallbackUrlPolicy): boolean {
  if (category === 'public') return true;
  if (category === 'loopback') return policy.allowLoopback;
  if (category === 'private') return policy.allowPrivate;
  return false;
}

function refusal(url: URL, cls: AddressClass): AppError {
  const hint =
    cls.category === 'loopback'
      ? ' (allowed only when WEBHOOK_ALLOW_LOOPBACK is true)'
      : cls.category === 'private'
        ? ' (allowed only when WEBHOOK_ALLOW_PRIVATE is true)'
        : '';
  return new AppError({
    code: WEBHOOK_ERROR_CODES.callbackUrlRefused,
    kind: 'invalid_argument',
    message: `callbackUrl host ${url.hostname} is refused: ${cls.address} is in the ${cls.range} range${hint}.`,
    details: { host: url.hostname, address: cls.address, range: cls.range, category: cls.category },
  });
}

async function resolve(hostname: string, lookup: HostLookup, url: URL): Promise<readonly ResolvedAddress[]> {
  const family = isIP(hostname);
  if (family !== 0) return [{ address: hostname, family: family === 6 ? 6 : 4 }];
  let found: readonly ResolvedAddress[];
  try {
    found = await lookup(hostname);
  } catch (error) {
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.callbackHostUnresolved,
      kind: 'unavailable',
      message: `callbackUrl host ${hostname} did not resolve.`,
      details: { host: url.hostname },
      cause: error,
    });
  }
  if (found.length === 0) {
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.callbackHostUnresolved,
      kind: 'unavailable',
      message: `callbackUrl host ${hostname} has no addresses.`,
      details: { host: url.hostname },
    });
  }
  return found;
}

/**
 * The SSRF guard. Accepts only http/https URLs without credentials whose host (an IP literal, or every address the name
 * resolves to) is public, or loopback/private when the policy allows it (an IPv6 address that embeds an
 * IPv4 one — `::7f00:1`, NAT64, 6to4, Teredo — counts as the IPv4 address: see `classifyAddress`). Refuses with AppError
 * CALLBACK_URL_INVALID / CALLBACK_URL_REFUSED (invalid_argument; details name the address and range)
 * or CALLBACK_HOST_UNRESOLVED (unavailable, retriable). One bad address refuses the whole host, so a
 * name cannot smuggle a private address next to a public one.
 */
export async function checkCallbackUrl(
  raw: string | URL,
  policy: CallbackUrlPolicy,
): Promise<CheckedCallbackUrl> {
  const url = parseUrl(raw);
  if (!ALLOWED_PROTOCOLS.includes(url.protocol)) {
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.callbackUrlInvalid,
      kind: 'invalid_argument',
      message: `callbackUrl must be http:// or https://; got ${url.protocol}//.`,
      details: { url: url.href, scheme: url.protocol.replace(/:$/, '') },
    });
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials would be stored, shown in GET /orders/{id} and sent in every delivery: never accepted.
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.callbackUrlInvalid,
      kind: 'invalid_argument',
      message: 'callbackUrl must not contain credentials (user:password@); authenticate by the signature.',
      details: { host: url.hostname },
    });
  }
  // WHATWG URL already normalised 0x7f.1, 2130706433 and friends to dotted IPv4; IPv6 keeps brackets.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await resolve(hostname, policy.lookup ?? systemHostLookup, url);
  for (const { address } of addresses) {
    const cls = classifyAddress(address);
    if (!allowed(cls.category, policy)) throw refusal(url, cls);
  }
  return { url, hostname, addresses };
}
