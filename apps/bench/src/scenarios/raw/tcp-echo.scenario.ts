import { connect, createServer, type Socket } from 'node:net';

import type { Scenario } from '../../scenario';
import { closeServer, listenOnLoopback } from '../listen';
import { PAYLOAD_BYTES } from '../payload';

/**
 * The floor: 100 bytes to a node:net echo server and back, on one connection. Echoes come back in
 * order, so the n-th 100 bytes answer the n-th call; several calls in flight pipeline on the socket.
 */
export const tcpEchoFloor: Scenario = {
  name: 'rr.tcp.floor',
  group: 'request-reply',
  transport: 'tcp',
  kind: 'floor',
  description: `raw TCP echo of ${PAYLOAD_BYTES.tcpEcho} bytes (node:net, one connection): the round-trip floor`,
  needs: [],
  async setup() {
    const accepted = new Set<Socket>();
    const server = createServer({ noDelay: true }, (socket) => {
      accepted.add(socket);
      socket.setNoDelay(true);
      socket.on('data', (chunk) => socket.write(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => accepted.delete(socket));
    });
    const port = await listenOnLoopback(server);
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);

    const size = PAYLOAD_BYTES.tcpEcho;
    const payload = Buffer.alloc(size, 0x61);
    const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      while (received >= size) {
        received -= size;
        waiting.shift()?.resolve();
      }
    });
    socket.on('error', (error) => {
      for (const w of waiting.splice(0)) w.reject(error);
    });

    return {
      placement: 'client and echo server in the bench process',
      payloadBytes: { request: size, reply: size },
      call: () =>
        new Promise<void>((resolve, reject) => {
          waiting.push({ resolve, reject });
          socket.write(payload);
        }),
      async close() {
        socket.destroy();
        for (const s of accepted) s.destroy();
        await closeServer(server);
      },
    };
  },
};
