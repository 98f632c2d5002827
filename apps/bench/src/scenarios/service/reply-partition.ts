import type { ClientKafka } from '@nestjs/microservices';

/**
 * Resolves once a connected ClientKafka owns a partition of `replyTopic`, as order's KafkaStockReserver
 * waits before its first request (NestJS cannot send a request without a reply partition to name in it);
 * rejects after `ms`. Setup only.
 */
export function replyPartitionAssigned(client: ClientKafka, replyTopic: string, ms: number): Promise<void> {
  const assigned = () => client.getConsumerAssignments()[replyTopic] !== undefined;
  if (assigned()) return Promise.resolve();
  const consumer = client.consumer;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      removeListener();
      reject(new Error(`no partition of ${replyTopic} assigned within ${ms} ms`));
    }, ms);
    // NestJS's own GROUP_JOIN listener, registered at connect, has updated the assignments by now.
    const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!assigned()) return;
      clearTimeout(timer);
      removeListener();
      resolve();
    });
  });
}
