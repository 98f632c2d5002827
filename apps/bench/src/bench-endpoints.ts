import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';

import type { BenchConfig } from './bench.config';
import type { BenchEndpoints, BenchTarget } from './scenario';

export interface OwnedEndpoints extends BenchEndpoints {
  /** Stops what the bench started (kafka-lite). */
  close(): Promise<void>;
}

/**
 * Where the brokers are. `local`: RabbitMQ and Redis from the environment (default localhost), Kafka a
 * kafka-lite started in the bench process on a free port on first use (or BENCH_KAFKA_BROKERS).
 * `stack`: every broker from the environment (KAFKA_BROKERS: 9092, compose's Kafka or `pnpm start`'s kafka-lite).
 */
export function benchEndpoints(target: BenchTarget, config: BenchConfig): OwnedEndpoints {
  let kafkaLite: Promise<KafkaLite> | undefined;
  const configured =
    target === 'stack'
      ? config.KAFKA_BROKERS
      : config.BENCH_KAFKA_BROKERS?.split(',').map((broker) => broker.trim());
  return {
    rabbitmqUrl: config.RABBITMQ_URL,
    redisUrl: config.REDIS_URL,
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    async kafka() {
      if (configured !== undefined)
        return { brokers: configured, where: `Kafka external at ${configured.join(',')}` };
      kafkaLite ??= startKafkaLite({ port: 0, logLevel: 'error', groupInitialRebalanceDelayMs: 0 });
      const broker = await kafkaLite;
      return { brokers: [broker.bootstrap], where: 'broker kafka-lite in the bench process' };
    },
    async close() {
      if (kafkaLite !== undefined) await (await kafkaLite).close();
    },
  };
}
