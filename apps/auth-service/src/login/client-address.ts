import { isIP } from 'node:net';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) → `127.0.0.1`, so one client is one key. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

/**
 * Pure: the address a login is throttled by. Without trusted proxies (the default) it is the socket's
 * peer, and X-Forwarded-For is ignored — anyone can send one. Behind `trustedProxyHops` proxies that each
 * append the address they received the request from, the client is the hops-th entry from the right
 * (the rightmost entries were written by our proxies; anything left of them by whoever sent the request);
 * with fewer entries than hops, the leftmost. An entry that is not an IP address falls back to the peer.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxyHops: number,
): string {
  const peer = normalize(socketAddress ?? 'unknown');
  if (trustedProxyHops === 0 || forwardedFor === undefined) return peer;
  const hops = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (hops.length === 0) return peer;
  const candidate = hops[Math.max(0, hops.length - trustedProxyHops)] ?? '';
  return isIP(candidate) === 0 ? peer : normalize(candidate);
}
