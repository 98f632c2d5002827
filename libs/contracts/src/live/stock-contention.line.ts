import { z } from 'zod';

/** The `event` of the live-feed line inventory posts each time a stock append loses a version race. */
export const STOCK_CONTENTION_EVENT = 'stock.contention';

/**
 * How the losing command reached inventory: the four sync transports of a reservation (order-service's
 * `?transport=`), `rmq-command` — an orchestrated async order's ReserveStock command on
 * `inventory.commands` — or `kafka-event` — a choreographed one's OrderAccepted on Kafka `orders` (the
 * labels of the order's own `transport`).
 */
export const STOCK_CONTENTION_TRANSPORTS = [
  'grpc',
  'rest',
  'rmq',
  'kafka',
  'rmq-command',
  'kafka-event',
] as const;
export type StockContentionTransport = (typeof STOCK_CONTENTION_TRANSPORTS)[number];

/**
 * The fields of a `stock.contention` line (besides service, event and at): an append to the SKU's
 * stream expected `expectedVersion`, another writer committed that version first (UNIQUE (sku, version)
 * or the snapshot moved), the command's transaction rolled back and — unless `gaveUp` — runs again on
 * fresh state. A command over several SKUs posts one line per SKU it was appending to (the store does
 * not say which of them moved).
 */
export const stockContentionFieldsSchema = z.object({
  sku: z.string().min(1).describe('A SKU whose stream the losing command was appending to.'),
  expectedVersion: z
    .number()
    .int()
    .nonnegative()
    .describe('The stream version the losing command read and expected to still be current.'),
  reservationId: z.string().min(1).describe('The reservation the losing command was making.'),
  orderId: z.string().min(1).describe('Its order (the reservation id for a request without one).'),
  retry: z
    .number()
    .int()
    .positive()
    .describe('How many times this command has lost so far: 1 on its first conflict.'),
  gaveUp: z
    .boolean()
    .describe('True on the last conflict allowed: the command answers 503 STOCK_CONTENTION instead.'),
  transport: z.enum(STOCK_CONTENTION_TRANSPORTS).describe('How the losing command reached inventory.'),
});
export type StockContentionFields = z.infer<typeof stockContentionFieldsSchema>;

/** The fields of a live-feed line if it is a well-formed `stock.contention`, else undefined. */
export function stockContentionOf(line: unknown): StockContentionFields | undefined {
  if (typeof line !== 'object' || line === null) return undefined;
  if ((line as { event?: unknown }).event !== STOCK_CONTENTION_EVENT) return undefined;
  const parsed = stockContentionFieldsSchema.safeParse(line);
  return parsed.success ? parsed.data : undefined;
}
