import type { FastifyInstance } from 'fastify';

import type { ConsoleParts } from '../server/console-parts';

/** `pnpm bench`'s runs, as written to bench-results/. */
export function benchRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  app.get('/api/bench', () => parts.bench.list());
  app.get<{ Params: { id: string } }>('/api/bench/:id', (request) => parts.bench.run(request.params.id));
}
