/**
 * kafka-lite as a process of its own, with the stack's topic layout, for `pnpm chaos` (which kills it with
 * SIGKILL and starts it again on the same port and data directory). Arguments: <port> <data-dir>.
 */
import { kafkaTopicLayout } from '@commlab/contracts';
import { startKafkaLite } from '@commlab/kafka-lite';

const [port, dataDir] = process.argv.slice(2);
startKafkaLite({
  port: Number(port),
  dataDir: dataDir ?? '',
  topics: kafkaTopicLayout(),
  groupInitialRebalanceDelayMs: 0,
  logLevel: 'warn',
}).then(
  (broker) => {
    process.stdout.write(`kafka-lite listening on ${broker.bootstrap}\n`);
    process.on('SIGTERM', () => {
      void broker.close().then(() => process.exit(0));
    });
  },
  (error: unknown) => {
    process.stderr.write(`kafka-lite: ${String(error)}\n`);
    process.exit(1);
  },
);
