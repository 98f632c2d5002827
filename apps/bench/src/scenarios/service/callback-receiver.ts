import { createServer } from 'node:http';

import { verifyWebhook } from '@commlab/webhooks';

import { closeServer, listenOnLoopback } from '../listen';
import { CallbackWaiter } from './callback-waiter';

/** The running webhook receiver of `e2e.order.async-callback`. */
export interface CallbackReceiver {
  /** Where order-service POSTs: `http://127.0.0.1:<port>/hooks/orders`. */
  url: string;
  /** Calls waiting for their order's callback. */
  waiter: CallbackWaiter;
  /** Bytes of the last callback body received. */
  lastBodyBytes(): number;
  close(): Promise<void>;
}

interface CallbackPayload {
  type?: unknown;
  data?: { id?: unknown };
}

function orderIdOf(payload: CallbackPayload | undefined): string | undefined {
  const id = payload?.data?.id;
  return typeof id === 'string' ? id : undefined;
}

function parsed(body: Buffer): CallbackPayload | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as CallbackPayload;
  } catch {
    return undefined;
  }
}

/**
 * The webhook receiver of `e2e.order.async-callback`, as a customer's endpoint would be: node:http on
 * 127.0.0.1 (TCP_NODELAY on), verifying each callback's Standard Webhooks signature with
 * @commlab/webhooks' verifier and the secret order-service signs with, then answering 204. A verified
 * `order.confirmed` settles the call waiting for that order id; a bad signature (401) or any other
 * outcome (`order.rejected`) fails it.
 */
export async function startCallbackReceiver(secret: string): Promise<CallbackReceiver> {
  const waiter = new CallbackWaiter();
  let lastBodyBytes = 0;
  const server = createServer({ noDelay: true, keepAlive: true }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      lastBodyBytes = body.length;
      let payload: CallbackPayload;
      try {
        payload = verifyWebhook({ secret, headers: request.headers, body }) as CallbackPayload;
      } catch (error) {
        response.writeHead(401).end();
        const id = orderIdOf(parsed(body));
        if (id !== undefined) waiter.failed(id, error as Error);
        return;
      }
      response.writeHead(204).end();
      const id = orderIdOf(payload);
      if (id === undefined) return;
      if (payload.type === 'order.confirmed') waiter.arrived(id);
      else waiter.failed(id, new Error(`order ${id}: callback ${String(payload.type)}`));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/hooks/orders`,
    waiter,
    lastBodyBytes: () => lastBodyBytes,
    close: async () => {
      waiter.clear(new Error('callback receiver closed'));
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}
