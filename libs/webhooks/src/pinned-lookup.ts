import type { LookupAddress, LookupOptions } from 'node:dns';

import type { CheckedCallbackUrl } from './callback-url-policy';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for node:http/net that answers only with the addresses `checkCallbackUrl` approved, and
 * refuses any other host name. The socket therefore connects to an address that was checked, never to
 * a second, possibly rebound, DNS answer (DNS rebinding). IP-literal hosts never reach a lookup: node
 * connects to them directly, and they were checked as literals.
 */
export function pinnedLookup(checked: CheckedCallbackUrl) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (hostname.toLowerCase() !== checked.hostname.toLowerCase()) {
      const error: NodeJS.ErrnoException = new Error(
        `Refusing to resolve ${hostname}: only the checked host ${checked.hostname} may be connected to.`,
      );
      error.code = 'ENOTFOUND';
      callback(error, '');
      return;
    }
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const candidates = checked.addresses.filter((a) => wanted === undefined || a.family === wanted);
    if (options.all === true) {
      callback(
        null,
        candidates.map(({ address, family }) => ({ address, family })),
      );
      return;
    }
    const first = candidates[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(
        `No checked IPv${String(wanted)} address for ${hostname}.`,
      );
      error.code = 'ENOTFOUND';
      callback(error, '');
      return;
    }
    callback(null, first.address, first.family);
  };
}
