import { parseArgs } from 'node:util';

import { quantity as quantitySchema, sku as skuSchema } from '@commlab/contracts';

/**
 * The ways `pnpm race` places an order: a sync order whose stock reservation goes over REST, gRPC,
 * RabbitMQ RPC or Kafka request-reply (`?transport=`), or an async one (`Prefer: respond-async`, the
 * result polled) in either saga style: `async` orchestrated (a ReserveStock command over RabbitMQ),
 * `choreography` (`?saga=choreography`: OrderAccepted on Kafka `orders`, inventory reacts).
 */
export const RACE_TRANSPORTS = ['rest', 'grpc', 'rabbitmq', 'kafka', 'async', 'choreography'] as const;
export type RaceTransport = (typeof RACE_TRANSPORTS)[number];
/** The race transports whose orders are async (202, then polled). */
export const ASYNC_RACE_TRANSPORTS: readonly RaceTransport[] = ['async', 'choreography'];

export const MAX_RACE_ORDERS = 2_000;

export interface RaceArgs {
  sku: string;
  orders: number;
  transports: RaceTransport[];
  quantity: number;
  /** order-service's URL; undefined = ORDER_HTTP_URL (default http://127.0.0.1:3000). */
  baseUrl?: string;
  help: boolean;
}

export const RACE_USAGE = `usage: pnpm race <sku> <n> [--transports ${RACE_TRANSPORTS.join(',')}] [--quantity q] [--base-url URL]

Fires n orders for the same SKU at once, spread round-robin over the transports, against a running
stack (pnpm start), as the demo customer alice. Reads the SKU's stock before and after, waits for the
async orders to be final, and prints per transport: sent, confirmed, rejected (by reason code) and
errors; the version conflicts inventory retried (its stock.contention lines on the live feed); and the
check that the stock went down by exactly the confirmed quantity (OK, or MISMATCH: exit 1). A sync
order that failed (e.g. order-service's deadline passed while inventory retried) may have reserved all
the same: order-service releases it, and the check waits up to 30 s for that.

  <sku>             e.g. tee-black
  <n>               orders to fire, 1 to ${String(MAX_RACE_ORDERS)}
  --transports T,…  how the orders go (default all): rest, grpc, rabbitmq, kafka (the sync order's
                    stock reservation over that transport); async (Prefer: respond-async, the result
                    polled; orchestrated: a ReserveStock command over RabbitMQ), choreography (the
                    same async order with ?saga=choreography: OrderAccepted on Kafka orders, inventory
                    reacts)
  --quantity q      units per order (default 1)
  --base-url URL    order-service (default ORDER_HTTP_URL, else http://127.0.0.1:3000); auth-service,
                    inventory-service and Redis: AUTH_HTTP_URL, INVENTORY_HTTP_URL, REDIS_URL`;

/** Thrown for a bad command line; the message is meant for the user. */
export class RaceUsageError extends Error {}

function wholeNumber(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new RaceUsageError(
      `${name} must be a whole number from 1 to ${String(max)}; got ${JSON.stringify(value)}`,
    );
  return Number(value);
}

function transportsOf(list: string): RaceTransport[] {
  const names = list.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(RACE_TRANSPORTS as readonly string[]).includes(name))
      throw new RaceUsageError(
        `unknown transport ${JSON.stringify(name)} in --transports (one of ${RACE_TRANSPORTS.join(', ')})`,
      );
  }
  // Each once, in the order given: the round-robin follows it.
  return [...new Set(names as RaceTransport[])];
}

function baseUrlOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RaceUsageError(`--base-url must be an http(s) URL; got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RaceUsageError(`--base-url must be an http(s) URL; got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}

export function parseRaceArgs(argv: readonly string[]): RaceArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        transports: { type: 'string' },
        quantity: { type: 'string' },
        'base-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new RaceUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  if (help) return { sku: '', orders: 0, transports: [], quantity: 1, help };
  const [sku, orders, extra] = positionals;
  if (sku === undefined || orders === undefined)
    throw new RaceUsageError('needs a SKU and a number of orders');
  if (extra !== undefined) throw new RaceUsageError(`unexpected argument ${JSON.stringify(extra)}`);
  if (!skuSchema.safeParse(sku).success)
    throw new RaceUsageError(
      `the SKU must be lowercase letters, digits and dashes; got ${JSON.stringify(sku)}`,
    );
  const maxQuantity = quantitySchema.maxValue ?? Number.MAX_SAFE_INTEGER;
  return {
    sku,
    orders: wholeNumber('<n>', orders, MAX_RACE_ORDERS),
    transports: values.transports === undefined ? [...RACE_TRANSPORTS] : transportsOf(values.transports),
    quantity: values.quantity === undefined ? 1 : wholeNumber('--quantity', values.quantity, maxQuantity),
    ...(values['base-url'] === undefined ? {} : { baseUrl: baseUrlOf(values['base-url']) }),
    help,
  };
}
