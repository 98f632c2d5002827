import { createEnvelope } from '../envelope';
import type { CommlabMessage, MessageType } from '../message-registry';
import { NOTIFICATION_REQUESTED_V1 } from '../notification-requested/notification-requested.v1';
import { ORDER_CANCELLED_V1 } from '../order-cancelled/order-cancelled.v1';
import { ORDER_CONFIRMED_V1 } from '../order-confirmed/order-confirmed.v1';
import { ORDER_PLACED_V1 } from '../order-placed/order-placed.v1';
import { ORDER_PLACED_V2 } from '../order-placed/order-placed.v2';
import { ORDER_REJECTED_V1 } from '../order-rejected/order-rejected.v1';
import { ORDER_ACCEPTED_V1 } from '../order-accepted/order-accepted.v1';
import { RESERVE_STOCK_V1 } from '../reserve-stock/reserve-stock.v1';
import { STOCK_REJECTED_V1 } from '../stock-rejected/stock-rejected.v1';
import { STOCK_RELEASED_V1 } from '../stock-released/stock-released.v1';
import { STOCK_RESERVED_V1 } from '../stock-reserved/stock-reserved.v1';

const orderId = '0b7c9f5e-2f1d-4a53-9a51-2d1f3c1c9a01';
const userId = 'user-alice';
const at = '2026-11-22T10:00:00.000Z';
const lines = [
  { sku: 'mug-red', quantity: 2, unitPriceCents: 1250 },
  { sku: 'tee-black', quantity: 1, unitPriceCents: 2000 },
];

/** One valid message of every type: fixtures for tests across the repo (also exported for them). */
export function sampleMessages(): { [T in MessageType]: Extract<CommlabMessage, { type: T }> } {
  const base = {
    source: '/commlab/test',
    correlationId: 'corr-1',
    causationId: 'req-1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    time: new Date(at),
  };
  return {
    [ORDER_PLACED_V1]: createEnvelope({
      ...base,
      type: ORDER_PLACED_V1,
      subject: orderId,
      data: { orderId, userId, mode: 'sync', items: lines, totalCents: 4500, currency: 'USD', placedAt: at },
    }),
    [ORDER_PLACED_V2]: createEnvelope({
      ...base,
      type: ORDER_PLACED_V2,
      subject: orderId,
      data: {
        orderId,
        userId,
        mode: 'sync',
        items: lines.map(({ sku, quantity, unitPriceCents }) => ({
          sku,
          quantity,
          unitPrice: { amountCents: unitPriceCents, currency: 'USD' },
        })),
        total: { amountCents: 4500, currency: 'USD' },
        placedAt: at,
      },
    }),
    [ORDER_CONFIRMED_V1]: createEnvelope({
      ...base,
      type: ORDER_CONFIRMED_V1,
      subject: orderId,
      data: {
        orderId,
        userId,
        reservationId: orderId,
        items: lines,
        totalCents: 4500,
        currency: 'USD',
        confirmedAt: at,
      },
    }),
    [ORDER_REJECTED_V1]: createEnvelope({
      ...base,
      type: ORDER_REJECTED_V1,
      subject: orderId,
      data: { orderId, userId, reason: 'OUT_OF_STOCK', skus: ['poster-async'], rejectedAt: at },
    }),
    [ORDER_CANCELLED_V1]: createEnvelope({
      ...base,
      type: ORDER_CANCELLED_V1,
      subject: orderId,
      data: {
        orderId,
        userId,
        reservationId: orderId,
        mode: 'async',
        previousStatus: 'CONFIRMED',
        items: lines.map(({ sku, quantity }) => ({ sku, quantity })),
        cancelledAt: at,
      },
    }),
    [ORDER_ACCEPTED_V1]: createEnvelope({
      ...base,
      type: ORDER_ACCEPTED_V1,
      subject: orderId,
      data: {
        orderId,
        userId,
        reservationId: orderId,
        items: [{ sku: 'mug-red', quantity: 2 }],
        saga: 'choreography',
        acceptedAt: at,
        expiresAt: at,
      },
    }),
    [RESERVE_STOCK_V1]: createEnvelope({
      ...base,
      type: RESERVE_STOCK_V1,
      subject: orderId,
      data: { reservationId: orderId, orderId, items: [{ sku: 'mug-red', quantity: 2 }] },
    }),
    [STOCK_RESERVED_V1]: createEnvelope({
      ...base,
      type: STOCK_RESERVED_V1,
      subject: orderId,
      data: {
        reservationId: orderId,
        orderId,
        items: lines,
        totalCents: 4500,
        currency: 'USD',
        reservedAt: at,
      },
    }),
    [STOCK_REJECTED_V1]: createEnvelope({
      ...base,
      type: STOCK_REJECTED_V1,
      subject: orderId,
      data: {
        reservationId: orderId,
        orderId,
        reason: 'UNKNOWN_SKU',
        skus: ['no-such-thing'],
        rejectedAt: at,
      },
    }),
    [STOCK_RELEASED_V1]: createEnvelope({
      ...base,
      type: STOCK_RELEASED_V1,
      subject: orderId,
      data: {
        reservationId: orderId,
        orderId,
        items: [{ sku: 'mug-red', quantity: 2 }],
        releasedAt: at,
      },
    }),
    [NOTIFICATION_REQUESTED_V1]: createEnvelope({
      ...base,
      type: NOTIFICATION_REQUESTED_V1,
      subject: orderId,
      data: {
        notificationId: `${orderId}:order-placed`,
        orderId,
        userId,
        channel: 'email',
        to: 'alice@example.com',
        template: 'order-placed',
        params: { totalCents: 4500, currency: 'USD' },
      },
    }),
  };
}
