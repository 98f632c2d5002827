/**
 * `pnpm kafka-lite [--host 127.0.0.1] [--port 9092] [--data-dir DIR] [--partitions N] [--log-level L]`
 * Exit codes: 0 after SIGINT/SIGTERM, 1 when the broker cannot start, 2 for bad flags.
 */
import { parseCliArgs, USAGE, UsageError } from './cli-args';
import { KafkaLiteError, startKafkaLite } from './start-kafka-lite';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`kafka-lite: ${err.message} (${USAGE})\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { help: _help, ...brokerOptions } = options;
  let broker;
  try {
    broker = await startKafkaLite(brokerOptions);
  } catch (err) {
    const message = err instanceof KafkaLiteError ? err.message : String(err);
    process.stderr.write(`kafka-lite: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`kafka-lite listening on ${broker.host}:${broker.port}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`kafka-lite: ${signal}, shutting down\n`);
    broker.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`kafka-lite: error while closing: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
}

void main();
