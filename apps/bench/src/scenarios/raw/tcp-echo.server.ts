import { createServer, type Socket } from 'node:net';

import type { RunningServer } from '../../servers/server-kinds';
import { closeServer, listenOnLoopback } from '../listen';

/** The floor's node:net echo server (TCP_NODELAY on every accepted socket), on 127.0.0.1 and a free port. */
export async function startTcpEchoServer(): Promise<RunningServer<{ port: number }>> {
  const accepted = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    accepted.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => accepted.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return {
    ready: { port },
    async close() {
      for (const s of accepted) s.destroy();
      await closeServer(server);
    },
  };
}
