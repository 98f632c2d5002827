import { noDelaySocketFactory } from '@commlab/messaging-kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs admin client for a tool (`pnpm lag`, the console): silent (the tool reports failures itself)
 * and quick to give up, so an unreachable broker is reported within seconds instead of after kafkajs'
 * long retries.
 */
export function createLagAdmin(brokers: readonly string[], clientId = 'commlab-cli-lag'): Admin {
  const kafka = new Kafka({
    clientId,
    brokers: [...brokers],
    socketFactory: noDelaySocketFactory,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
  return kafka.admin();
}

/** A connected admin client; a failed connect is disconnected again and rethrown. */
export async function connectLagAdmin(brokers: readonly string[], clientId?: string): Promise<Admin> {
  const admin = createLagAdmin(brokers, clientId);
  try {
    await admin.connect();
    return admin;
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    throw error;
  }
}
