import { Agent, type IncomingMessage, request } from 'node:http';

import { parseReply } from './payload';

export function readBody(message: IncomingMessage): Promise<Buffer> {
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

/** A JSON POST client on one keep-alive agent; `post` resolves once a 201 reservation has been read. */
export interface KeepAliveJsonClient {
  post(body: Buffer): Promise<void>;
  /** Destroys the agent's sockets. */
  close(): void;
}

/**
 * The REST client of `rr.rest.raw` and `rr.rest.nest`: node:http with a keep-alive agent (connections
 * reused, at most `maxSockets`, TCP_NODELAY on), POSTing to 127.0.0.1, reading the whole reply and
 * parsing it. Both scenarios use it, so between them only the server differs.
 */
export function keepAliveJsonClient(port: number, path: string, maxSockets: number): KeepAliveJsonClient {
  const agent = new Agent({ keepAlive: true, maxSockets, noDelay: true });
  return {
    post: (body) =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path,
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
      }),
    close: () => {
      agent.destroy();
    },
  };
}
