import type { AddressInfo } from 'node:net';

import Fastify from 'fastify';

import type { RunningServer } from '../../servers/server-kinds';
import { requestIdOf } from '../framework/reserve-stock-work';
import { REPLY_MESSAGE } from '../payload';

/**
 * Fastify alone, as NestJS's FastifyAdapter runs it under `rr.rest.nest` but without NestJS: Fastify's
 * JSON body parser, one route, a handler doing the NestJS controller's work (take the id, return the fixed
 * reservation object) and Fastify's reply serialization, with 201 as `@Post` answers. On 127.0.0.1 and a
 * free port; Node's HTTP server turns TCP_NODELAY on for every accepted connection.
 */
export async function startFastifyRawServer(): Promise<RunningServer<{ port: number }>> {
  const app = Fastify({ logger: false });
  app.post('/reservations', (request, reply) => {
    try {
      requestIdOf(request.body);
    } catch {
      // As the node:http server does: a body without the id is the client's mistake.
      void reply.code(400).send();
      return;
    }
    void reply.code(201).send(REPLY_MESSAGE);
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    // Closing the app closes idle keep-alive connections with it.
    return { ready: { port }, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
