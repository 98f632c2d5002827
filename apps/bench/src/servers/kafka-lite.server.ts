import { startKafkaLite } from '@commlab/kafka-lite';

import type { RunningServer } from './server-kinds';

/** The bench's own kafka-lite for the raw and framework Kafka rows: 127.0.0.1, a free port, no rebalance delay. */
export async function startBenchKafkaLite(): Promise<RunningServer<{ bootstrap: string }>> {
  const broker = await startKafkaLite({ port: 0, logLevel: 'error', groupInitialRebalanceDelayMs: 0 });
  return { ready: { bootstrap: broker.bootstrap }, close: () => broker.close() };
}
