import { kafkaTopicLayout } from '@commlab/contracts';

import { createKafka } from '../kafka-client';

/**
 * Creates commlab's topics (`kafkaTopicLayout()`: orders, inventory, inventory.reserve-stock(+.reply)
 * with 3 partitions, the dead-letter topics with 1) on the bench's Kafka, before any service starts:
 * kafka-lite would otherwise auto-create a topic a consumer asks for with ONE partition, and commlab's
 * reply topic needs one per requesting client. Topics that exist already are left as they are.
 */
export async function createCommlabTopics(brokers: string[], runId: string, log: (line: string) => void) {
  const admin = createKafka(brokers, `commlab-bench-topics-${runId}`, log).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: kafkaTopicLayout().map(({ name, partitions }) => ({ topic: name, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
