import { ConfigError } from './config-error';
import { durationMs, positiveInt } from './fields';

/**
 * The knobs of every commlab Kafka consumer (reporting's projections, order's event consumer). Spread
 * `kafkaConsumerConfigFields` into a service schema, then call `kafkaConsumerSettings(config)` at boot:
 * it checks the fields against each other and returns them in the shapes kafkajs and the retry policy use.
 * Partition counts are not here: they are part of the contracts (KAFKA_TOPIC_PARTITIONS), so every
 * environment creates the same topics.
 */
export const kafkaConsumerConfigFields = {
  /**
   * How long the broker may hold a fetch that finds no new data. The fetch is a long poll: it returns as
   * soon as one record arrives (minBytes 1), after a lull too, so this does not delay events (measured:
   * an async order completes as fast with 100 ms as with 1 s). What it sets is the cost of waiting — one
   * empty fetch per interval per consumer (~10 ms of CPU per second of idleness per consumer at 100 ms)
   * — and how long a stopping consumer may wait for its fetch in flight. 500 ms; kafkajs's 5 s would
   * hold every shutdown and rebalance that long.
   */
  KAFKA_CONSUMER_MAX_WAIT_MS: durationMs(500),
  /**
   * How long the group coordinator waits for a heartbeat before it declares a member dead and gives its
   * partitions to the others. kafkajs's 30 s means a killed consumer's partitions sit unread for 30 s;
   * 10 s keeps the "kill a consumer, watch the lag" tutorial short, and is still far above a GC pause.
   * Apache Kafka refuses values outside group.min/max.session.timeout.ms (6 s…30 min by default).
   */
  KAFKA_SESSION_TIMEOUT_MS: durationMs(10_000),
  /** How often a member heartbeats: at most a third of the session timeout (Kafka's own guidance). */
  KAFKA_HEARTBEAT_INTERVAL_MS: durationMs(3_000),
  /**
   * Attempts of one event (first delivery included) before it goes to `<topic>.dlt`. A failing event holds
   * its partition while it is retried (that keeps per-key order), so retries are few and short.
   */
  KAFKA_CONSUMER_MAX_ATTEMPTS: positiveInt(3, 'attempts'),
  /** Backoff before the 2nd attempt; doubles each time, capped by KAFKA_CONSUMER_RETRY_MAX_MS. */
  KAFKA_CONSUMER_RETRY_BASE_MS: durationMs(200),
  KAFKA_CONSUMER_RETRY_MAX_MS: durationMs(2_000),
};

/** The validated consumer settings, in the units kafkajs and the retry policy take. */
export interface KafkaConsumerSettings {
  maxWaitTimeInMs: number;
  sessionTimeout: number;
  heartbeatInterval: number;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; jitter: number };
}

type KafkaConsumerConfig = {
  [K in keyof typeof kafkaConsumerConfigFields]: number;
};

/** Checks the consumer variables against each other (ConfigError naming them) and returns the settings. */
export function kafkaConsumerSettings(config: KafkaConsumerConfig): KafkaConsumerSettings {
  const issues = [];
  if (config.KAFKA_SESSION_TIMEOUT_MS < 6_000) {
    issues.push({
      variable: 'KAFKA_SESSION_TIMEOUT_MS',
      expected: 'at least 6000 (Apache Kafka rejects shorter sessions by default)',
      received: String(config.KAFKA_SESSION_TIMEOUT_MS),
    });
  }
  if (config.KAFKA_HEARTBEAT_INTERVAL_MS * 3 > config.KAFKA_SESSION_TIMEOUT_MS) {
    issues.push({
      variable: 'KAFKA_HEARTBEAT_INTERVAL_MS',
      expected: `at most a third of KAFKA_SESSION_TIMEOUT_MS (${String(config.KAFKA_SESSION_TIMEOUT_MS)})`,
      received: String(config.KAFKA_HEARTBEAT_INTERVAL_MS),
    });
  }
  if (config.KAFKA_CONSUMER_RETRY_MAX_MS < config.KAFKA_CONSUMER_RETRY_BASE_MS) {
    issues.push({
      variable: 'KAFKA_CONSUMER_RETRY_MAX_MS',
      expected: `at least KAFKA_CONSUMER_RETRY_BASE_MS (${String(config.KAFKA_CONSUMER_RETRY_BASE_MS)})`,
      received: String(config.KAFKA_CONSUMER_RETRY_MAX_MS),
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    maxWaitTimeInMs: config.KAFKA_CONSUMER_MAX_WAIT_MS,
    sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS,
    retry: {
      maxAttempts: config.KAFKA_CONSUMER_MAX_ATTEMPTS,
      baseDelayMs: config.KAFKA_CONSUMER_RETRY_BASE_MS,
      maxDelayMs: config.KAFKA_CONSUMER_RETRY_MAX_MS,
      jitter: 0.2,
    },
  };
}
