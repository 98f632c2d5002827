import { connect } from 'node:net';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
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
  async setup(context) {
    const server = await startServerProcess(context, 'tcp-echo', {});
    const { port } = server.ready;
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
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
      placement: 'client in the bench process, echo server in a process of its own',
      payloadBytes: { request: size, reply: size },
      call: () =>
        new Promise<void>((resolve, reject) => {
          waiting.push({ resolve, reject });
          socket.write(payload);
        }),
      processes: server.processes,
      async close() {
        socket.destroy();
        await server.stop();
      },
    };
  },
};
