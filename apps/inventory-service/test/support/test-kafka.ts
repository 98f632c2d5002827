import { KAFKA_TOPICS, kafkaTopicLayout } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';

import { readTopic, type TopicReader } from './topic-reader';

/** kafka-lite on a free port with every commlab topic, and a reader of what inventory publishes. */
export async function startTestKafka(): Promise<{ kafka: KafkaLite; topic: TopicReader }> {
  const kafka = await startKafkaLite({
    port: 0,
    logLevel: 'silent',
    topics: kafkaTopicLayout(),
    groupInitialRebalanceDelayMs: 0,
  });
  try {
    return { kafka, topic: await readTopic(kafka.bootstrap, KAFKA_TOPICS.inventory) };
  } catch (error) {
    await kafka.close();
    throw error;
  }
}
