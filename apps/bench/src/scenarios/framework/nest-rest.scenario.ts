import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { PAYLOAD_BYTES, requestId, requestJson } from '../payload';
import { keepAliveJsonClient } from '../http-keep-alive-client';
import { checkReply, withinMs } from './reserve-stock-work';

const SETUP_CALL_TIMEOUT_MS = 10_000;

/**
 * REST through NestJS: the same POST /reservations as `rr.rest.raw`, answered by a NestJS app on
 * Fastify (routing, body parsing, the controller, reply serialization) instead of a bare node:http
 * server. The client is the raw scenario's node:http keep-alive client, so `×raw` is the server side's
 * framework cost alone (NestJS has no HTTP client of its own).
 */
export const restNest: Scenario = {
  name: 'rr.rest.nest',
  group: 'request-reply',
  transport: 'rest',
  kind: 'framework',
  baseline: 'rr.rest.raw',
  description: 'POST JSON → NestJS on Fastify → 201 JSON, node:http keep-alive client (as rr.rest.raw)',
  needs: [],
  async setup(context) {
    const server = await startServerProcess(context, 'nest-rest', {});
    const client = keepAliveJsonClient(server.ready.port, '/reservations', context.maxInFlight);
    let seq = 0;
    const call = () => client.post(requestJson(requestId(seq++)));
    try {
      await withinMs(call(), SETUP_CALL_TIMEOUT_MS, 'rr.rest.nest first call');
    } catch (error) {
      client.close();
      await server.stop();
      throw error;
    }
    return {
      placement: 'node:http client in the bench process, NestJS (Fastify) server in a process of its own',
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

/**
 * The same NestJS server called the way commlab's order-service calls inventory over REST: global
 * `fetch` (undici, its own keep-alive pool), reading the reply with `response.json()`. Beside
 * `rr.rest.nest` it shows what the client choice costs on its own.
 */
export const restNestFetch: Scenario = {
  name: 'rr.rest.nest.fetch',
  group: 'request-reply',
  transport: 'rest',
  kind: 'framework',
  baseline: 'rr.rest.raw',
  description: 'POST JSON → NestJS on Fastify → 201 JSON, global fetch (undici) client as order-service uses',
  needs: [],
  async setup(context) {
    const server = await startServerProcess(context, 'nest-rest', {});
    const url = `http://127.0.0.1:${String(server.ready.port)}/reservations`;
    let seq = 0;
    const call = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: requestJson(requestId(seq++)),
      });
      const reply: unknown = await response.json();
      if (response.status !== 201) throw new Error(`HTTP ${response.status}`);
      checkReply(reply);
    };
    try {
      await withinMs(call(), SETUP_CALL_TIMEOUT_MS, 'rr.rest.nest.fetch first call');
    } catch (error) {
      await server.stop();
      throw error;
    }
    return {
      placement:
        'fetch (undici) client in the bench process, NestJS (Fastify) server in a process of its own',
      payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
      call,
      processes: server.processes,
      // undici's pooled sockets are idle now; the server closes them as it shuts down.
      close: () => server.stop(),
    };
  },
};
