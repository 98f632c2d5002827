import type { FastifyInstance } from 'fastify';

import type { ConsoleParts } from '../server/console-parts';

/** The page's live connection (server-sent events) and the status it starts from. */
export function liveRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    parts.sse.open(reply.raw, {
      event: 'hello',
      data: {
        status: parts.status.current(),
        hops: parts.live.hops(),
        recent: parts.live.recent.latest(200),
      },
    });
    request.raw.on('close', () => reply.raw.end());
    // The watchers skipped their polls while no page was open: a fresh status reaches the page as an event.
    void parts.status.fresh();
  });

  app.get('/api/status', async () => {
    parts.demand.read();
    await parts.status.fresh();
    return parts.status.current();
  });
}
