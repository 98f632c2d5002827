import { createServer } from 'node:http';

import type { RunningServer } from '../../servers/server-kinds';
import { readBody } from '../http-keep-alive-client';
import { closeServer, listenOnLoopback } from '../listen';
import { REPLY_JSON, parseRequestId } from '../payload';

/**
 * The REST baseline's bare node:http server (keep-alive, TCP_NODELAY): parses the POSTed JSON and answers
 * 201 with the fixed reservation; on 127.0.0.1 and a free port.
 */
export async function startHttpRawServer(): Promise<RunningServer<{ port: number }>> {
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
  return {
    ready: { port },
    async close() {
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}
