/**
 * The broker side of the benchmark, run as a child process (fork with IPC) so its CPU time and RSS can
 * be measured apart from the clients. Also serves a raw TCP echo for the round-trip floor.
 */
import { createServer } from 'node:net';
import { startKafkaLite, type KafkaLiteOptions } from '../start-kafka-lite';

export interface BrokerReady {
  type: 'ready';
  port: number;
  echoPort: number;
}

export interface BrokerUsage {
  type: 'usage';
  cpuMicros: number;
  rss: number;
  peakRss: number;
}

async function main(): Promise<void> {
  const extra = JSON.parse(process.argv[2] ?? '{}') as KafkaLiteOptions;
  const broker = await startKafkaLite({ logLevel: 'warn', groupInitialRebalanceDelayMs: 0, ...extra });
  const echo = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (d) => socket.write(d));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => echo.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = echo.address();
  const echoPort = typeof address === 'object' && address !== null ? address.port : 0;

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  process.on('message', (msg: { type?: string }) => {
    if (msg.type === 'usage') {
      const cpu = process.cpuUsage();
      const rss = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, rss);
      const usage: BrokerUsage = { type: 'usage', cpuMicros: cpu.user + cpu.system, rss, peakRss };
      process.send?.(usage);
    } else if (msg.type === 'reset-peak') {
      peakRss = process.memoryUsage().rss;
    } else if (msg.type === 'stop') {
      clearInterval(sampler);
      echo.close();
      void broker.close().then(() => process.exit(0));
    }
  });
  const ready: BrokerReady = { type: 'ready', port: broker.port, echoPort };
  process.send?.(ready);
}

void main();
