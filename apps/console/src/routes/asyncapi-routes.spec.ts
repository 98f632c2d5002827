import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ASYNCAPI_DOCUMENT_PATH, MESSAGE_TYPES, messageKey } from '@commlab/contracts';
import Fastify, { type FastifyInstance } from 'fastify';

import { asyncApiRoutes } from './asyncapi-routes';

describe('asyncApiRoutes', () => {
  let app: FastifyInstance;

  beforeEach(() => {
    app = Fastify();
    asyncApiRoutes(app);
  });

  afterEach(async () => {
    await app.close();
  });

  it('serves the committed AsyncAPI document at /asyncapi.json', async () => {
    const response = await app.inject({ method: 'GET', url: '/asyncapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.body).toBe(readFileSync(ASYNCAPI_DOCUMENT_PATH, 'utf8'));
    expect((JSON.parse(response.body) as { asyncapi: string }).asyncapi).toBe('3.0.0');
  });

  it('renders it as a self-contained page at /asyncapi: channels, operations, every message', async () => {
    const response = await app.inject({ method: 'GET', url: '/asyncapi' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const html = response.body;
    expect(html).toContain('<h1>commlab events');
    for (const address of ['orders', 'inventory', 'commlab.events', 'notifications.send', 'commlab.live']) {
      expect(html).toContain(`<code>${address}</code>`);
    }
    for (const type of MESSAGE_TYPES) expect(html).toContain(`id="message-${messageKey(type)}-`);
    expect(html).toContain('<h3>reporting-service</h3>');
    expect(html).toContain('$message.header#/ce_correlationid');
    expect(html).toContain('&quot;orderId&quot;');
    // Offline: no script and nothing loaded from another host.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('answers 500 with a clear error when the document cannot be read, and retries next time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commlab-asyncapi-'));
    const path = join(dir, 'doc.json');
    const other = Fastify();
    asyncApiRoutes(other, { documentPath: path });
    try {
      expect((await other.inject({ method: 'GET', url: '/asyncapi.json' })).statusCode).toBe(500);
      await writeFile(path, JSON.stringify({ asyncapi: '3.0.0', info: { title: 't', version: '1' } }));
      const page = await other.inject({ method: 'GET', url: '/asyncapi' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>t <small>1</small></h1>');
    } finally {
      await other.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
