import type { Envelope } from '@commlab/contracts';

import type { OutboxDestination } from './outbox-destination';
import type { StoredTraceContext } from './trace-context';

/** One outbox row as the relay hands it to a publisher. */
export interface OutboxMessage {
  /** Position in the outbox; ascending = the order to publish in. */
  sequence: number;
  /** The envelope id (unique). */
  messageId: string;
  destination: OutboxDestination;
  /** Ordering unit and Kafka key (the aggregate id). */
  key: string;
  envelope: Envelope;
  /** Publish attempts before this one. */
  attempts: number;
  createdAt: Date;
  /** The trace context of the transaction that wrote the row (empty when nothing traced). */
  trace?: StoredTraceContext;
  /**
   * The W3C headers (`traceparent`, `tracestate`) of the relay's `send` span for this publish: a publisher
   * puts them on the broker message, so the consumer's instrumentation continues from this hop.
   */
  traceHeaders?: Readonly<Record<string, string>>;
}

export type PublishResult =
  { messageId: string; ok: true } | { messageId: string; ok: false; error: unknown };

/**
 * The broker side of the relay; the Kafka and RabbitMQ adapters implement it. `publish` gets rows with
 * at most one row per key (the relay enforces per-key order itself) and answers one result per row
 * (matched by `messageId`). A row without a result, or a rejected `publish`, counts as failed.
 * `ok: true` must mean the broker acknowledged the message.
 */
export interface OutboxPublisher {
  publish(rows: readonly OutboxMessage[]): Promise<PublishResult[]>;
}
