import type { ServerResponse } from 'node:http';

import type { LiveEvents } from '../common/api';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events to every open page: one `text/event-stream` response per page, each event a name
 * and one JSON line. A comment every 15 s keeps proxies from closing an idle stream.
 */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => {
    for (const client of this.clients) client.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);

  constructor() {
    this.heartbeat.unref();
  }

  /** Takes over `response` as an event stream; `first` is sent to it alone, at once. */
  open<E extends keyof LiveEvents>(response: ServerResponse, first: { event: E; data: LiveEvents[E] }): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    this.write(response, first.event, first.data);
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  broadcast<E extends keyof LiveEvents>(event: E, data: LiveEvents[E]): void {
    for (const client of this.clients) this.write(client, event, data);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(response: ServerResponse, event: string, data: unknown): void {
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
