import { AppError } from '@commlab/errors';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

import { WEBHOOK_ERROR_CODES } from './webhook-error-codes';
import { assertWebhookSecret } from './webhook-secret';

/** The three Standard Webhooks headers every callback carries. */
// A type alias (not an interface) so it is assignable to ReceivedHeaders' index signature.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type WebhookSignatureHeaders = {
  'webhook-id': string;
  /** Unix seconds of this attempt. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (space-separated when several keys sign). */
  'webhook-signature': string;
};

export interface SignWebhookInput {
  secret: string;
  /** Stable per message: the same on every retry, so receivers can dedupe. */
  id: string;
  /** The attempt's time; receivers refuse timestamps more than 5 minutes away from their clock. */
  timestamp: Date;
  /** The exact bytes sent: verification is over the raw body, never a re-serialised one. */
  body: string;
}

function webhook(secret: string): Webhook {
  assertWebhookSecret(secret);
  return new Webhook(secret);
}

/** Signs one attempt per Standard Webhooks (HMAC-SHA256 over `id.timestamp.body`). */
export function signWebhook({ secret, id, timestamp, body }: SignWebhookInput): WebhookSignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': webhook(secret).sign(id, timestamp, body),
  };
}

/** Header values as node:http gives them (`IncomingHttpHeaders`) or as a plain record. */
export type ReceivedHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

function singleValued(headers: ReceivedHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') result[name.toLowerCase()] = value;
    else if (value !== undefined && value.length > 0) result[name.toLowerCase()] = value.join(' ');
  }
  return result;
}

/**
 * Verifies a received callback: the headers must be present, the timestamp within 5 minutes of now,
 * and one `v1` signature must match the raw `body` (constant-time). Returns the parsed JSON payload;
 * throws AppError WEBHOOK_SIGNATURE_INVALID (kind unauthenticated) with `details.reason` otherwise.
 */
export function verifyWebhook(input: {
  secret: string;
  body: string | Buffer;
  headers: ReceivedHeaders;
}): unknown {
  const verifier = webhook(input.secret);
  try {
    return verifier.verify(input.body, singleValued(input.headers));
  } catch (error) {
    const reason =
      error instanceof WebhookVerificationError
        ? error.message
        : error instanceof SyntaxError
          ? 'the signed body is not JSON'
          : 'verification failed';
    throw new AppError({
      code: WEBHOOK_ERROR_CODES.signatureInvalid,
      kind: 'unauthenticated',
      message: `Webhook signature invalid: ${reason}.`,
      details: { reason },
      cause: error,
    });
  }
}
