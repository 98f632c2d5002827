import { createServer } from 'node:http';

import type { Scenario } from '../../scenario';
import { keepAliveJsonClient, readBody } from '../http-keep-alive-client';
import { closeServer, listenOnLoopback } from '../listen';
import { PAYLOAD_BYTES, REPLY_JSON, parseRequestId, requestId, requestJson } from '../payload';

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
    const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
      readBody(req).then(
        (body) => {
          parseRequestId(body);
          res.writeHead(201, {
            'content-type': 'application/json',
            'content-length': REPLY_JSON.length,
          });
          res.end(REPLY_JSON);
        },
        () => {
          res.writeHead(400).end();
        },
      );
    });
    const port = await listenOnLoopback(server);
    const client = keepAliveJsonClient(port, '/reservations', context.maxInFlight);
    let seq = 0;
    const call = () => client.post(requestJson(requestId(seq++)));

    return {
      placement: 'client and server in the bench process',
      payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
      call,
      async close() {
        client.close();
        server.closeAllConnections();
        await closeServer(server);
      },
    };
  },
};
