import type { Server } from 'node:net';

/** Listens on 127.0.0.1, a free port; resolves with the port. */
export function listenOnLoopback(
  server: Pick<Server, 'listen' | 'address' | 'once' | 'off'>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
}

export function closeServer(server: Pick<Server, 'close'>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}
