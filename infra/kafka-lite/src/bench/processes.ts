/** The benchmark's child processes: the broker (CPU and RSS measured apart) and kafkajs clients. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { KafkaLiteOptions } from '../start-kafka-lite';
import type { BrokerReady, BrokerUsage } from './broker-process';
import type { ClientJob, ClientReport } from './client-process';

export interface Broker {
  child: ChildProcess;
  port: number;
  echoPort: number;
  usage(): Promise<BrokerUsage>;
  /** Starts a new peak-RSS measurement. */
  resetPeak(): void;
  stop(): Promise<void>;
}

export async function forkBroker(options: KafkaLiteOptions = {}): Promise<Broker> {
  const child = fork(path.join(__dirname, 'broker-process.ts'), [JSON.stringify(options)], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  const ready = await new Promise<BrokerReady>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: BrokerReady | BrokerUsage) => {
      if (m.type === 'ready') resolve(m);
    });
  });
  return {
    child,
    port: ready.port,
    echoPort: ready.echoPort,
    usage: () =>
      new Promise((resolve) => {
        const onMessage = (m: BrokerReady | BrokerUsage): void => {
          if (m.type !== 'usage') return;
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        child.send({ type: 'usage' });
      }),
    resetPeak: () => {
      child.send({ type: 'reset-peak' });
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          resolve();
        });
        child.send({ type: 'stop' });
      }),
  };
}

export function forkClient(job: ClientJob): { child: ChildProcess; next: () => Promise<ClientReport> } {
  const child = fork(path.join(__dirname, 'client-process.ts'), [], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  const queue: ClientReport[] = [];
  const waiting: ((r: ClientReport) => void)[] = [];
  child.on('message', (m: ClientReport) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  child.send(job);
  return {
    child,
    next: () => {
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}
