import { quantity, SAGA_STYLES, sku } from '@commlab/contracts';
import { cursorSchema } from '@commlab/service-kit';
import { z } from 'zod';

import { AUTH_MODES } from '../auth/principal';
import { RESERVE_TRANSPORTS } from '../inventory/stock-reserver';

/** URL.parse is Node 22+; commlab runs on Node 20.19 too. */
function withoutCredentials(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.username === '' && url.password === '';
  } catch {
    return true; // not a URL: z.url() reports it
  }
}

/** POST /orders body: unknown fields are rejected, so a typo never passes silently. */
export const placeOrderBodySchema = z.strictObject({
  items: z.array(z.strictObject({ sku, quantity })).min(1).max(50),
  /**
   * Where to POST the result of an async order (Standard Webhooks signed; checked against SSRF). No
   * credentials: the URL is stored, shown by GET /orders/{id} and sent with every delivery.
   */
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine(withoutCredentials, 'must not contain credentials (user:password@)')
    .optional(),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBodySchema>;

/**
 * POST /orders query: how to verify the token and how to reserve the stock — `transport` for a sync
 * order, `saga` for an async one (no default here: a saga on a sync order is refused, decideSagaStyle).
 */
export const placeOrderQuerySchema = z.object({
  auth: z.enum(AUTH_MODES).default('grpc'),
  transport: z
    .enum(RESERVE_TRANSPORTS, {
      error: `must be one of ${RESERVE_TRANSPORTS.join(', ')}`,
    })
    .default('grpc'),
  saga: z.enum(SAGA_STYLES, { error: `must be one of ${SAGA_STYLES.join(', ')}` }).optional(),
});
export type PlaceOrderQuery = z.infer<typeof placeOrderQuerySchema>;

/** GET /orders/{id}: any id up to 128 characters (the edge rule refuses control characters). */
export const orderIdParamSchema = z.string().min(1).max(128);

/** GET /orders: a page of at most `limit` orders, after `cursor` (the previous page's nextCursor). */
export const listOrdersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorSchema('orders').optional(),
});

const lineSchema = z.object({
  sku: z.string(),
  quantity: z.number(),
  unitPriceCents: z.number(),
  lineTotalCents: z.number(),
});

/** The order the API answers with (for the OpenAPI document). */
export const orderResponseSchema = z.object({
  id: z.string(),
  userId: z.string(),
  status: z.enum(['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED']),
  mode: z.enum(['sync', 'async']),
  transport: z.string(),
  saga: z
    .enum(SAGA_STYLES)
    .nullable()
    .describe("an async order's saga style (?saga=); null for a sync order"),
  items: z.array(lineSchema),
  totalCents: z.number().int(),
  currency: z.string().nullable(),
  rejection: z.object({ reason: z.string(), skus: z.array(z.string()) }).nullable(),
  callbackUrl: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z
    .string()
    .nullable()
    .describe("an async order's deadline: still PENDING then, it becomes EXPIRED; null for a sync order"),
});

/** GET /orders: a page of the caller's orders, newest first. */
export const orderListSchema = z.object({
  orders: z.array(orderResponseSchema),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});

/** GET /orders/{id}: the order and, once an async order with a callbackUrl completed, every delivery attempt. */
export const orderWithCallbackSchema = orderResponseSchema.extend({
  callback: z
    .object({
      url: z.string(),
      webhookId: z.string(),
      status: z.enum(['PENDING', 'DELIVERED', 'GONE', 'FAILED']),
      attempts: z.array(
        z.object({
          attempt: z.number().int(),
          at: z.string(),
          durationMs: z.number().int(),
          outcome: z.string(),
          statusCode: z.number().int().nullable(),
          error: z.object({ code: z.string(), message: z.string() }).nullable(),
        }),
      ),
    })
    .optional(),
});
