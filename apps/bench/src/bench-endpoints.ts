import type { BenchConfig } from './bench.config';
import type { BenchEndpoints, BenchTarget } from './scenario';
import { type ServerProcess, startServerProcess } from './servers/server-process';

export interface OwnedEndpoints extends BenchEndpoints {
  /** Stops what the bench started (kafka-lite). */
  close(): Promise<void>;
}

/**
 * Where the brokers are. RabbitMQ and Redis from the environment (default localhost). Kafka, for the raw
 * and framework rows: a kafka-lite the bench starts in a server process of its own on a free port on first
 * use (or BENCH_KAFKA_BROKERS); with `stack`, KAFKA_BROKERS (9092: compose's Kafka or `pnpm start`'s
 * kafka-lite). `log` says what the kafka-lite process says.
 */
export function benchEndpoints(
  target: BenchTarget,
  config: BenchConfig,
  log: (line: string) => void = () => undefined,
): OwnedEndpoints {
  let kafkaLite: Promise<ServerProcess<{ bootstrap: string }>> | undefined;
  const configured =
    target === 'stack'
      ? config.KAFKA_BROKERS
      : config.BENCH_KAFKA_BROKERS?.split(',').map((broker) => broker.trim());
  const endpoints: OwnedEndpoints = {
    rabbitmqUrl: config.RABBITMQ_URL,
    redisUrl: config.REDIS_URL,
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    async kafka() {
      if (configured !== undefined)
        return { brokers: configured, where: `Kafka external at ${configured.join(',')}` };
      // Shared by the rows: its sockets are judged (TCP_NODELAY) under the row that opened them.
      kafkaLite ??= startServerProcess(
        { endpoints, log },
        'kafka-lite',
        {},
        { shared: true, name: 'kafka-lite' },
      );
      const broker = await kafkaLite;
      return {
        brokers: [broker.ready.bootstrap],
        where: 'kafka-lite in a process of its own',
        process: { pid: broker.pid, name: 'kafka-lite' },
      };
    },
    async close() {
      if (kafkaLite !== undefined) await (await kafkaLite.catch(() => undefined))?.stop();
    },
  };
  return endpoints;
}
