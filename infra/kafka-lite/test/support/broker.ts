import { startKafkaLite, type KafkaLite, type KafkaLiteOptions } from '@commlab/kafka-lite';

/**
 * The broker a suite talks to: the real Kafka named by KAFKA_BROKERS when set (only the kafkajs and
 * NestJS suites honour it), otherwise a fresh in-process kafka-lite. The one place that reads env.
 */
export interface TestBroker {
  brokers: string[];
  /** The in-process broker, or undefined against external Kafka. */
  lite: KafkaLite | undefined;
  close(): Promise<void>;
}

export function externalBrokers(): string[] | undefined {
  // eslint-disable-next-line no-restricted-properties -- the single, documented env read of this package's tests
  const raw = process.env.KAFKA_BROKERS;
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((s) => s.trim());
}

/**
 * Group settings that keep the suites fast: no initial rebalance delay (Kafka waits 3 s) and session
 * timeouts from 1 s (Kafka's minimum is 6 s); `groupTimeouts()` picks what fits the broker in use.
 */
export const TEST_GROUP_SETTINGS = {
  groupInitialRebalanceDelayMs: 0,
  groupMinSessionTimeoutMs: 1000,
} as const satisfies KafkaLiteOptions;

export async function startTestBroker(
  options: KafkaLiteOptions = {},
  allowExternal = true,
): Promise<TestBroker> {
  const external = allowExternal ? externalBrokers() : undefined;
  if (external) return { brokers: external, lite: undefined, close: () => Promise.resolve() };
  const lite = await startKafkaLite({ logLevel: 'error', ...TEST_GROUP_SETTINGS, ...options });
  return { brokers: [lite.bootstrap], lite, close: () => lite.close() };
}

/**
 * Consumer-group timeouts for tests: short against kafka-lite; against a real Kafka the session timeout
 * must respect the broker's group.min.session.timeout.ms (6 s by default).
 */
export function groupTimeouts(): { sessionTimeout: number; rebalanceTimeout: number } {
  return externalBrokers()
    ? { sessionTimeout: 6000, rebalanceTimeout: 10_000 }
    : { sessionTimeout: 1500, rebalanceTimeout: 3000 };
}

/** Unique names so suites can share an external Kafka. */
let counter = 0;
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
