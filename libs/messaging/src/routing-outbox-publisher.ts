import type { OutboxTransport } from './outbox-destination';
import type { OutboxMessage, OutboxPublisher, PublishResult } from './outbox-publisher';

type ClosablePublisher = OutboxPublisher & { close?: () => Promise<void> };

/**
 * One outbox, several brokers: hands each row to the publisher of its destination's transport (Kafka,
 * RabbitMQ exchange, RabbitMQ queue) and merges the results. A transport without a publisher fails its
 * rows (they stay PENDING and are retried), it never drops them.
 */
export class RoutingOutboxPublisher implements OutboxPublisher {
  constructor(private readonly publishers: Partial<Record<OutboxTransport, ClosablePublisher>>) {}

  async publish(rows: readonly OutboxMessage[]): Promise<PublishResult[]> {
    const groups = new Map<ClosablePublisher | undefined, OutboxMessage[]>();
    for (const row of rows) {
      const publisher = this.publishers[row.destination.transport];
      const group = groups.get(publisher) ?? [];
      group.push(row);
      groups.set(publisher, group);
    }
    const results = await Promise.all(
      [...groups].map(async ([publisher, group]): Promise<PublishResult[]> => {
        if (publisher === undefined) {
          return group.map((row) => ({
            messageId: row.messageId,
            ok: false,
            error: new Error(`no outbox publisher for transport ${row.destination.transport}`),
          }));
        }
        return publisher.publish(group);
      }),
    );
    return results.flat();
  }

  async close(): Promise<void> {
    const unique = new Set(Object.values(this.publishers));
    await Promise.all(
      [...unique].map(async (publisher) => {
        await publisher.close?.().catch(() => undefined);
      }),
    );
  }
}
