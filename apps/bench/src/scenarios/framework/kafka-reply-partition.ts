import type { ClientKafka } from '@nestjs/microservices';

/**
 * Resolves once a connected ClientKafka owns a partition of `replyTopic` (its reply consumer has joined
 * its group and been assigned one); rejects after `ms`. Before that, `send` fails at once (NestJS has no
 * reply partition to put in the request), so setup waits here and the first measured call cannot fail.
 * NestJS's own GROUP_JOIN listener, registered at connect, updates the assignments before this one runs.
 */
export function replyPartitionAssigned(client: ClientKafka, replyTopic: string, ms: number): Promise<void> {
  const assigned = () => client.getConsumerAssignments()[replyTopic] !== undefined;
  if (assigned()) return Promise.resolve();
  const consumer = client.consumer;
  return new Promise<void>((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      removeListener();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no partition of ${replyTopic} assigned within ${ms} ms`));
    }, ms);
    const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!assigned()) return;
      stop();
      resolve();
    });
  });
}
