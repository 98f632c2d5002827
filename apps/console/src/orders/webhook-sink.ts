import { verifyWebhook } from '@commlab/webhooks';

/** One callback the console received for an async order it placed. */
export interface ReceivedCallback {
  at: number;
  orderId: string | undefined;
  valid: boolean;
  /** Why the signature did not verify. */
  reason?: string;
}

function failureReason(error: unknown): string {
  const details = (error as { details?: { reason?: unknown } }).details;
  if (typeof details?.reason === 'string') return details.reason;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The receiving end of the console's async orders (POST /hooks/orders): verifies each callback's
 * Standard Webhooks signature with the shared secret and keeps the latest ones for the timelines.
 */
export class WebhookSink {
  private readonly received: ReceivedCallback[] = [];

  constructor(
    private readonly secret: string,
    private readonly capacity = 500,
  ) {}

  /** Records one delivery; answers the status to reply (200 valid, 400 invalid). */
  receive(headers: Record<string, string | string[] | undefined>, body: string): number {
    let orderId: string | undefined;
    try {
      const parsed = JSON.parse(body) as { data?: { orderId?: unknown; id?: unknown } };
      const id = parsed.data?.orderId ?? parsed.data?.id;
      orderId = typeof id === 'string' ? id : undefined;
    } catch {
      orderId = undefined;
    }
    let entry: ReceivedCallback;
    try {
      verifyWebhook({ secret: this.secret, headers, body });
      entry = { at: Date.now(), orderId, valid: true };
    } catch (error) {
      entry = { at: Date.now(), orderId, valid: false, reason: failureReason(error) };
    }
    this.received.push(entry);
    if (this.received.length > this.capacity) this.received.shift();
    return entry.valid ? 200 : 400;
  }

  of(orderId: string): ReceivedCallback[] {
    return this.received.filter((callback) => callback.orderId === orderId);
  }
}
