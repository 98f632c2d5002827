/**
 * `pnpm kafka-lite [flags]` (see USAGE in cli-args.ts and the README): the broker alone.
 * Exit codes: 0 after SIGINT/SIGTERM, 1 when the broker cannot start (or an option is refused), 2 for
 * bad flags. A negative value is written `--retention-ms=-1`.
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
    process.exit(err instanceof KafkaLiteError && err.code === 'INVALID_OPTION' ? 2 : 1);
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
