// kafka-lite in a child process (forked by child-broker.ts) so a test can measure its memory and CPU
// apart from the clients, or SIGKILL it. Options arrive as JSON in argv[2].
import { startKafkaLite, type KafkaLiteOptions } from '@commlab/kafka-lite';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as KafkaLiteOptions;
  const broker = await startKafkaLite(options);
  process.on('message', (msg: { type?: string }) => {
    if (msg.type === 'stats') {
      const cpu = process.cpuUsage();
      process.send?.({ type: 'stats', stats: broker.stats(), cpuMicros: cpu.user + cpu.system });
    } else if (msg.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'gc', rss: process.memoryUsage().rss });
    } else if (msg.type === 'stop') {
      void broker.close().then(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', port: broker.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`broker-child: ${String(err)}\n`);
  process.exit(1);
});
