import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, money, moneyLine } from '../common/primitives';

/**
 * A sync order was placed: its stock is reserved and its prices are known. Subject: order id.
 *
 * Why a v2: v1 gives bare cent amounts (`unitPriceCents`, `totalCents`) and one order-level `currency`,
 * so a line read on its own — a per-SKU revenue table, an export that flattens lines — has lost its
 * currency, and a second currency would change what every amount means. v2 makes every amount a money
 * value `{ amountCents, currency }`. Renaming and restructuring fields is a breaking change, so it is a
 * new version: readers upcast v1 (`upcastOrderPlacedV1`), and a topic may hold both.
 */
export const ORDER_PLACED_V2 = 'commlab.order.placed.v2';

export const orderPlacedV2Schema = z.strictObject({
  orderId: id,
  userId: id,
  /** Always `sync`: placed with stock already reserved. */
  mode: z.literal('sync'),
  items: z.array(moneyLine).min(1).max(100),
  total: money,
  placedAt: isoTime,
});

export type OrderPlacedV2 = z.infer<typeof orderPlacedV2Schema>;
export type OrderPlacedV2Message = Envelope<typeof ORDER_PLACED_V2, OrderPlacedV2>;
