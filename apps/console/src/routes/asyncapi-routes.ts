import { readFile } from 'node:fs/promises';

import { ASYNCAPI_DOCUMENT_PATH } from '@commlab/contracts';
import type { FastifyInstance } from 'fastify';

import { renderAsyncApiPage } from '../asyncapi/asyncapi-page';

export interface AsyncApiRouteOptions {
  /** The AsyncAPI document to serve (default: the one committed in libs/contracts). */
  documentPath?: string;
}

/**
 * The events contract: `/asyncapi` renders the AsyncAPI document as a static page (no script, nothing
 * fetched from elsewhere), `/asyncapi.json` serves the document itself. Read once, on first request.
 */
export function asyncApiRoutes(app: FastifyInstance, options: AsyncApiRouteOptions = {}): void {
  const path = options.documentPath ?? ASYNCAPI_DOCUMENT_PATH;
  let loaded: Promise<{ json: string; html: string }> | undefined;
  const load = (): Promise<{ json: string; html: string }> => {
    loaded ??= readFile(path, 'utf8').then((json) => ({
      json,
      html: renderAsyncApiPage(JSON.parse(json) as Parameters<typeof renderAsyncApiPage>[0]),
    }));
    // A failed read is not cached: the next request tries again.
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };

  app.get('/asyncapi.json', async (_request, reply) => {
    const { json } = await load();
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get('/asyncapi', async (_request, reply) => {
    const { html } = await load();
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
