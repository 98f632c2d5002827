import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

import { Redis } from 'ioredis';

/** A free TCP port on the loopback (what the OS hands out for port 0). */
async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface OwnRedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of the burst's own on a free loopback port, no persistence, with the Pub/Sub output
 * buffer limit of its subscribers set to `pubsubLimitKb` (hard and soft, 1 s): the shared Redis's
 * settings are never changed. Ready once it answers PING.
 */
export async function startOwnRedisServer(pubsubLimitKb: number): Promise<OwnRedisServer> {
  const port = await freeLoopbackPort();
  const limit = `pubsub ${String(pubsubLimitKb)}kb ${String(pubsubLimitKb)}kb 1`;
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--client-output-buffer-limit',
      limit,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => {
      reject(
        new Error(
          `redis-server could not be started (${error.message}); pnpm burst needs it on this machine`,
        ),
      );
    });
  });
  const url = `redis://127.0.0.1:${String(port)}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await Promise.race([probe.connect().then(() => probe.ping()), failed]);
        break;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.disconnect();
  }
  return { url, stop };
}
