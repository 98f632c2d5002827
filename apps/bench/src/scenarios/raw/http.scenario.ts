import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { keepAliveJsonClient } from '../http-keep-alive-client';
import { PAYLOAD_BYTES, requestId, requestJson } from '../payload';

/**
 * REST baseline: POST /reservations with the ReserveStock JSON to a bare node:http server, which parses
 * it and answers 201 with the fixed reservation JSON. The client is node:http with a keep-alive agent
 * (connections are reused; TCP_NODELAY on both sides).
 */
export const httpRaw: Scenario = restRawScenario({
  name: 'rr.rest.raw',
  server: 'http-raw',
  description: 'POST JSON → node:http server → 201 JSON, node:http keep-alive client',
});

/**
 * The same call answered by Fastify alone — the HTTP framework NestJS runs on in commlab's services and in
 * `rr.rest.nest`, without NestJS. Between `rr.rest.raw` and `rr.rest.nest` it splits the REST framework
 * cost into Fastify's (this row over `rr.rest.raw`) and NestJS's own (`rr.rest.nest` over this row).
 */
export const fastifyRaw: Scenario = restRawScenario({
  name: 'rr.rest.raw.fastify',
  server: 'http-fastify',
  baseline: 'rr.rest.raw',
  description: 'POST JSON → Fastify alone (no NestJS) → 201 JSON, node:http keep-alive client',
});

function restRawScenario(row: {
  name: string;
  server: 'http-raw' | 'http-fastify';
  baseline?: string;
  description: string;
}): Scenario {
  return {
    name: row.name,
    group: 'request-reply',
    transport: 'rest',
    kind: 'raw',
    ...(row.baseline === undefined ? {} : { baseline: row.baseline }),
    description: row.description,
    needs: [],
    async setup(context) {
      const server = await startServerProcess(context, row.server, {});
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
}
