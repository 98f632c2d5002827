import { createServer, type Server } from 'node:net';

import { probeDependencies } from './probe-dependencies';

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

describe('probeDependencies', () => {
  it('reports what answers, and says how to start what does not', async () => {
    const open = await listen();
    const closed = await listen();
    await new Promise((resolve) => closed.server.close(resolve));
    try {
      const statuses = await probeDependencies(
        {
          RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${open.port}`,
          REDIS_URL: `redis://127.0.0.1:${closed.port}`,
        },
        [`127.0.0.1:${open.port}`],
      );
      expect(statuses).toEqual([
        { dependency: 'rabbitmq', address: `127.0.0.1:${open.port}`, reachable: true },
        {
          dependency: 'redis',
          address: `127.0.0.1:${closed.port}`,
          reachable: false,
          problem: expect.stringMatching(/^ECONNREFUSED; start it with `redis-server/) as unknown,
        },
        { dependency: 'kafka', address: `127.0.0.1:${open.port}`, reachable: true },
      ]);
    } finally {
      await new Promise((resolve) => open.server.close(resolve));
    }
  });
});
