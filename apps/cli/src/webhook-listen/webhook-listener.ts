import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { verifyWebhook } from '@commlab/webhooks';

/** What the listener saw of one callback. */
export interface ReceivedWebhook {
  at: Date;
  id: string | undefined;
  valid: boolean;
  /** Why verification failed (missing headers, stale timestamp, no matching signature, …). */
  reason?: string;
  /** The status the listener answered. */
  status: number;
  body: string;
}

export interface WebhookListenerOptions {
  host: string;
  port: number;
  secret: string;
  /** Statuses for the 1st, 2nd, … valid callback; 200 after the list. */
  respond: readonly number[];
  onWebhook: (webhook: ReceivedWebhook) => void;
}

export interface WebhookListener {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function failureReason(error: unknown): string {
  if (error instanceof Error && 'details' in error) {
    const details = (error as { details?: { reason?: unknown } }).details;
    if (typeof details?.reason === 'string') return details.reason;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The receiving end of the tutorials: an HTTP server that verifies every POSTed callback with `secret`
 * (Standard Webhooks) and reports it through `onWebhook`. Valid → 200 (or the scripted status);
 * invalid → 400; anything but POST → 405.
 */
export async function startWebhookListener(options: WebhookListenerOptions): Promise<WebhookListener> {
  let validCount = 0;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    readBody(req).then(
      (body) => {
        const at = new Date();
        const rawId = req.headers['webhook-id'];
        const id = typeof rawId === 'string' ? rawId : undefined;
        if (body === undefined) {
          options.onWebhook({
            at,
            id,
            valid: false,
            reason: 'body larger than 1 MiB',
            status: 413,
            body: '',
          });
          res.writeHead(413).end();
          return;
        }
        let reason: string | undefined;
        try {
          verifyWebhook({ secret: options.secret, body, headers: req.headers });
        } catch (error) {
          reason = failureReason(error);
        }
        const valid = reason === undefined;
        const status = valid ? (options.respond[validCount++] ?? 200) : 400;
        options.onWebhook({ at, id, valid, ...(valid ? {} : { reason }), status, body });
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify(valid ? { received: true } : { error: 'WEBHOOK_SIGNATURE_INVALID', reason }));
      },
      () => {
        res.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** One line per callback: time, webhook-id, valid/INVALID (+ reason), the answer, the JSON body. */
export function formatWebhookLine(webhook: ReceivedWebhook): string {
  const verdict = webhook.valid ? 'valid' : `INVALID (${webhook.reason ?? 'unknown'})`;
  let body = webhook.body;
  try {
    body = JSON.stringify(JSON.parse(webhook.body));
  } catch {
    // Not JSON: print it as received.
  }
  return `${webhook.at.toISOString()}  ${webhook.id ?? '(no webhook-id)'}  ${verdict}  → ${webhook.status}  ${body}`;
}
