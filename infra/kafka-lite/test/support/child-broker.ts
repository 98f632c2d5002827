import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KafkaLiteOptions, KafkaLiteStats } from '@commlab/kafka-lite';

const TSX_LOADER = pathToFileURL(createRequire(__filename).resolve('tsx')).href;

/** kafka-lite in a child process: its RSS is read from /proc without asking it. */
export interface ChildBroker {
  child: ChildProcess;
  port: number;
  bootstrap: string;
  /** Resident set size in bytes (VmRSS). */
  rss(): number;
  stats(): Promise<{ stats: KafkaLiteStats; cpuMicros: number }>;
  /** Runs a full GC in the broker (it runs with --expose-gc) and returns its RSS afterwards. */
  gc(): Promise<number>;
  stop(): Promise<void>;
}

export async function forkBroker(options: KafkaLiteOptions = {}): Promise<ChildBroker> {
  const child = fork(path.join(__dirname, 'broker-child.ts'), [JSON.stringify(options)], {
    execArgv: ['--expose-gc', '--conditions=@commlab/source', '--import', TSX_LOADER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const request = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { type?: string }): void => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.send({ type }, (err) => {
        if (err) reject(err);
      });
    });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`broker child exited with ${String(code)} before it was ready`));
    });
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m.type === 'ready' && m.port !== undefined) resolve({ port: m.port });
    });
  });
  return {
    child,
    port,
    bootstrap: `127.0.0.1:${port}`,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (kb === undefined) throw new Error(`no VmRSS for broker child ${child.pid}`);
      return Number(kb) * 1024;
    },
    stats: () => request('stats'),
    gc: async () => (await request<{ rss: number }>('gc')).rss,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.send({ type: 'stop' });
      await exited;
    },
  };
}
