/** The most past orders `--history` writes (about 15 rows each, across the services). */
export const MAX_HISTORY = 10_000_000;

/**
 * `--history N`: the number of past orders, a whole number from 1 to MAX_HISTORY written in digits
 * (`100000`, `100_000` or `100,000`); undefined when the option is absent; an Error saying what is wrong
 * otherwise.
 */
export function parseHistory(value: string | undefined): number | undefined | Error {
  if (value === undefined) return undefined;
  const digits = value.trim().replace(/[_,]/g, '');
  const orders = Number(digits);
  if (!/^\d+$/.test(digits) || orders < 1 || orders > MAX_HISTORY)
    return new Error(
      `--history takes a number of past orders from 1 to ${MAX_HISTORY.toLocaleString('en-US')} (e.g. 100000), got '${value}'.`,
    );
  return orders;
}
