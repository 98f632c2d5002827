import { Agent } from 'node:http';

import { httpRequest, jsonBody } from './http-request';
import type { ReserveTransport } from './order-service-settings';

/** The one-line order every end-to-end scenario places: one mug (the bench catalog has 1e9). */
export const ORDER_ITEMS = [{ sku: 'mug-red', quantity: 1 }] as const;

/** How an async order's saga runs: order-service commands inventory, or inventory reacts to OrderAccepted. */
export type SagaStyle = 'orchestration' | 'choreography';

/** `Prefer: respond-async` (RFC 7240): order-service answers 202 and completes the order later. */
export const RESPOND_ASYNC = 'respond-async';

/** What `POST /orders` answered, read far enough to check it. */
export interface PlacedOrder {
  status: number;
  /** The order id from the body (`undefined` when the body has none). */
  id: string | undefined;
  /** The order's status in the body (PENDING, CONFIRMED, REJECTED). */
  orderStatus: string | undefined;
  location: string | undefined;
  /** Bytes of the response body. */
  replyBytes: number;
  /** The body, for error messages. */
  text: string;
}

/** The end-to-end scenarios' client of order-service (one per scenario). */
export interface OrderClient {
  /** POST /orders with the prepared body and the current token. */
  place(): Promise<PlacedOrder>;
  /** Bytes of the request body. */
  requestBytes: number;
  /** Destroys the client's connections. */
  close(): void;
}

/**
 * A client of order-service's `POST /orders` as a user's app calls it, one per scenario: node:http with a
 * keep-alive agent of its own (as `rr.rest.raw`'s client: connections reused, at most `maxSockets`,
 * TCP_NODELAY on), the demo user's bearer token (read at each call: it is refreshed in the background),
 * the JSON body built once.
 */
export function orderClient(options: {
  orderHttpUrl: string;
  token: () => string;
  mode: 'sync' | 'async';
  maxSockets: number;
  callbackUrl?: string;
  /** How a sync order reserves its stock (default gRPC, order's default, named to be explicit). */
  transport?: ReserveTransport;
  /** An async order's saga style (`?saga=`; default order's own, orchestration). */
  saga?: SagaStyle;
}): OrderClient {
  // An async order reserves through its saga (a command over RabbitMQ, or OrderAccepted on Kafka), whatever
  // the transport says.
  const url = new URL(
    options.saga === undefined
      ? `/orders?transport=${options.transport ?? 'grpc'}`
      : `/orders?saga=${options.saga}`,
    options.orderHttpUrl,
  );
  const body = Buffer.from(
    JSON.stringify({
      items: ORDER_ITEMS,
      ...(options.callbackUrl === undefined ? {} : { callbackUrl: options.callbackUrl }),
    }),
  );
  const prefer: Record<string, string> = options.mode === 'async' ? { prefer: RESPOND_ASYNC } : {};
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets, noDelay: true });
  return {
    requestBytes: body.length,
    place: async () => {
      const answer = await httpRequest(url, {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${options.token()}`,
          'content-type': 'application/json',
          ...prefer,
        },
        body,
      });
      const order = jsonBody(answer) as { id?: unknown; status?: unknown } | undefined;
      const location = answer.headers.location;
      return {
        status: answer.status,
        id: typeof order?.id === 'string' ? order.id : undefined,
        orderStatus: typeof order?.status === 'string' ? order.status : undefined,
        location,
        replyBytes: answer.body.length,
        text: answer.body.toString('utf8'),
      };
    },
    close: () => {
      agent.destroy();
    },
  };
}

/** The refusal of a placed order, as an Error with the status and the start of the body. */
export function unexpectedOrder(placed: PlacedOrder, expected: string): Error {
  return new Error(
    `POST /orders: ${expected} expected, got HTTP ${placed.status} ${placed.text.slice(0, 200)}`,
  );
}

/** A 202 with the PENDING order's id and `Location: /orders/{id}`; returns the id. */
export function checkAccepted(placed: PlacedOrder): string {
  if (placed.status !== 202 || placed.id === undefined) throw unexpectedOrder(placed, '202 with an order id');
  if (placed.location !== `/orders/${placed.id}`)
    throw new Error(`POST /orders: Location ${String(placed.location)} for order ${placed.id}`);
  return placed.id;
}
