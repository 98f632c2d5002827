import { z } from 'zod';

/** Reusable field schemas for message payloads. Money is integer minor units (cents), never floats. */
export const sku = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a SKU: lowercase letters, digits and dashes');
export const quantity = z.number().int().min(1).max(10_000);
export const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as USD');
export const id = z.string().min(1).max(128);
export const isoTime = z.iso.datetime({ offset: true });
export const email = z.email();

/** Why an order or a reservation was refused; stable codes shared by events and HTTP errors. */
export const rejectionReason = z.enum(['OUT_OF_STOCK', 'UNKNOWN_SKU', 'INVALID_REQUEST']);
export type RejectionReason = z.infer<typeof rejectionReason>;

export const orderLine = z.strictObject({ sku, quantity });
export const pricedLine = z.strictObject({ sku, quantity, unitPriceCents: cents });

/** An amount with its currency, never one without the other (events from v2 on). */
export const money = z.strictObject({ amountCents: cents, currency });
export type Money = z.infer<typeof money>;
/** A line whose price says its own currency: it can be read, stored or exported on its own. */
export const moneyLine = z.strictObject({ sku, quantity, unitPrice: money });
