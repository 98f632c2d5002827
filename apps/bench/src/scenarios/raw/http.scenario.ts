import { Agent, createServer, request, type IncomingMessage } from 'node:http';

import type { Scenario } from '../../scenario';
import { closeServer, listenOnLoopback } from '../listen';
import { PAYLOAD_BYTES, REPLY_JSON, parseReply, parseRequestId, requestId, requestJson } from '../payload';

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    message.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    message.on('error', reject);
  });
}

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
    const agent = new Agent({ keepAlive: true, maxSockets: context.maxInFlight, noDelay: true });
    let seq = 0;

    const call = () =>
      new Promise<void>((resolve, reject) => {
        const body = requestJson(requestId(seq++));
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/reservations',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': body.length },
          },
          (res) => {
            readBody(res).then((reply) => {
              if (res.statusCode !== 201) reject(new Error(`HTTP ${res.statusCode ?? '?'}`));
              else {
                parseReply(reply);
                resolve();
              }
            }, reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    return {
      placement: 'client and server in the bench process',
      payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
      call,
      async close() {
        agent.destroy();
        server.closeAllConnections();
        await closeServer(server);
      },
    };
  },
};
