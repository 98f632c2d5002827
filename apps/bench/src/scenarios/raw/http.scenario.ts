import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { keepAliveJsonClient } from '../http-keep-alive-client';
import { PAYLOAD_BYTES, requestId, requestJson } from '../payload';

/**
 * REST baseline: POST /reservations with the ReserveStock JSON to a bare node:http server, which parses
 * it and answers 201 with the fixed reservation JSON. The client is node:http with a keep-alive agent
 * (connections are reused; TCP_NODELAY on both sides).
 */
export const httpRaw: Scenario = {
  name: 'rr.rest.raw',
  group: 'request-reply',
  transport: 'rest',
  kind: 'raw',
  description: 'POST JSON → node:http server → 201 JSON, node:http keep-alive client',
  needs: [],
  async setup(context) {
    const server = await startServerProcess(context, 'http-raw', {});
    const { port } = server.ready;
    const client = keepAliveJsonClient(port, '/reservations', context.maxInFlight);
    let seq = 0;
    const call = () => client.post(requestJson(requestId(seq++)));

    return {
      placement: 'client in the bench process, server in a process of its own',
      payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
      call,
      processes: server.processes,
      async close() {
        client.close();
        await server.stop();
      },
    };
  },
};
