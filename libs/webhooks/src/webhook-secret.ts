import { randomBytes } from 'node:crypto';

import { AppError } from '@commlab/errors';

import { WEBHOOK_ERROR_CODES } from './webhook-error-codes';

/** Standard Webhooks' prefix of a symmetric signing secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A fresh secret in the spec's `whsec_<base64>` form (32 random bytes by default). */
export function generateWebhookSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
    throw new RangeError(`A webhook secret has ${MIN_KEY_BYTES}…${MAX_KEY_BYTES} bytes; got ${bytes}.`);
  }
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(bytes).toString('base64')}`;
}

/** Why `secret` is not a usable `whsec_` secret, or `undefined` when it is. */
export function webhookSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return `it must start with ${WEBHOOK_SECRET_PREFIX}`;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0)
    return `the part after ${WEBHOOK_SECRET_PREFIX} must be base64`;
  const length = Buffer.from(encoded, 'base64').length;
  if (length < MIN_KEY_BYTES || length > MAX_KEY_BYTES)
    return `the key must have ${MIN_KEY_BYTES}…${MAX_KEY_BYTES} bytes; it has ${length}`;
  return undefined;
}

/** Throws AppError WEBHOOK_SECRET_INVALID (never echoing the secret) unless `secret` is well-formed. */
export function assertWebhookSecret(secret: string): void {
  const problem = webhookSecretProblem(secret);
  if (problem !== undefined) {
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.secretInvalid,
      kind: 'invalid_argument',
      message: `Invalid webhook secret: ${problem}.`,
    });
  }
}
