import { noDelaySocketFactory } from '@commlab/messaging-kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs admin client for a command line: silent (the command reports failures itself) and quick to
 * give up, so an unreachable broker is reported within seconds instead of after kafkajs' long retries.
 */
export function createLagAdmin(brokers: readonly string[]): Admin {
  const kafka = new Kafka({
    clientId: 'commlab-cli-lag',
    brokers: [...brokers],
    socketFactory: noDelaySocketFactory,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
  return kafka.admin();
}
