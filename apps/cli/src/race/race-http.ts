import { ASYNC_RACE_TRANSPORTS, type RaceTransport } from './race-args';
import type { OrderOutcome } from './race-summary';

/** The demo customer of `pnpm start` (auth-service's seeded users): the one every tutorial logs in as. */
const CUSTOMER = { email: 'alice@example.com', password: 'alice-password' };

const REQUEST_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 200;

/** The order-service query of each race transport: `?transport=` of a sync order, `?saga=` of an async one. */
const ORDER_QUERY: Record<RaceTransport, string> = {
  rest: '?transport=rest',
  grpc: '?transport=grpc',
  rabbitmq: '?transport=rmq',
  kafka: '?transport=kafka',
  async: '?saga=orchestration',
  choreography: '?saga=choreography',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure to reach a service, with what to do about it. */
export class RaceStackError extends Error {}

/** `ECONNREFUSED`, `TimeoutError`, …: what a failed fetch says, in a word when it can. */
function failureCode(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    if (typeof cause?.code === 'string') return cause.code;
    if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
    return error.name === 'Error' ? 'NO_ANSWER' : error.name;
  }
  return 'NO_ANSWER';
}

/** The error code of a commlab error body (`{statusCode, code, message}`), or `HTTP <status>`. */
async function codeOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { code?: unknown } | undefined;
  return typeof body?.code === 'string' ? body.code : `HTTP_${String(response.status)}`;
}

/** The customer's access token (auth-service POST /auth/login). */
export async function logIn(authUrl: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${authUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CUSTOMER),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RaceStackError(`cannot reach auth-service at ${authUrl} (${failureCode(error)})`, {
      cause: error,
    });
  }
  if (!response.ok)
    throw new RaceStackError(
      `logging in as ${CUSTOMER.email} at ${authUrl} failed: ${await codeOf(response)}`,
    );
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** The SKU's available stock (inventory-service GET /stock/{sku}); undefined when the SKU is unknown. */
export async function readAvailable(inventoryUrl: string, sku: string): Promise<number | undefined> {
  let response: Response;
  try {
    response = await fetch(`${inventoryUrl}/stock/${encodeURIComponent(sku)}`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RaceStackError(`cannot reach inventory-service at ${inventoryUrl} (${failureCode(error)})`, {
      cause: error,
    });
  }
  if (response.status === 404) return undefined;
  if (!response.ok)
    throw new RaceStackError(
      `reading the stock of ${sku} at ${inventoryUrl} failed: ${await codeOf(response)}`,
    );
  return ((await response.json()) as { available: number }).available;
}

interface OrderBody {
  id: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';
  rejection: { reason: string } | null;
}

/** Polls an async order (placed the `transport` way) until it is final, or `deadline` (epoch ms) passes. */
async function finalOutcome(order: RaceOrder, transport: RaceTransport, id: string): Promise<OrderOutcome> {
  for (;;) {
    const response = await fetch(`${order.orderUrl}/orders/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${order.token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) return { transport, kind: 'error', code: await codeOf(response) };
    const body = (await response.json()) as OrderBody;
    if (body.status === 'CONFIRMED') return { transport, kind: 'confirmed' };
    if (body.status === 'REJECTED')
      return { transport, kind: 'rejected', code: body.rejection?.reason ?? 'REJECTED' };
    if (body.status === 'CANCELLED' || body.status === 'EXPIRED')
      return { transport, kind: 'error', code: body.status };
    if (Date.now() > order.settleBy) return { transport, kind: 'error', code: 'STILL_PENDING' };
    await sleep(POLL_INTERVAL_MS);
  }
}

export interface RaceOrder {
  orderUrl: string;
  token: string;
  sku: string;
  quantity: number;
  /** Epoch ms: an async order still PENDING then is counted as an error. */
  settleBy: number;
}

/**
 * Places one order the race's way and follows it to its end: a sync order's answer (201 confirmed, a 4xx
 * refusal with its code, else an error), an async order's final status by polling its Location.
 */
export async function placeRaceOrder(order: RaceOrder, transport: RaceTransport): Promise<OrderOutcome> {
  const async = ASYNC_RACE_TRANSPORTS.includes(transport);
  try {
    const response = await fetch(`${order.orderUrl}/orders${ORDER_QUERY[transport]}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${order.token}`,
        ...(async ? { prefer: 'respond-async' } : {}),
      },
      body: JSON.stringify({ items: [{ sku: order.sku, quantity: order.quantity }] }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === (async ? 202 : 201)) {
      if (!async) return { transport, kind: 'confirmed' };
      const { id } = (await response.json()) as OrderBody;
      return await finalOutcome(order, transport, id);
    }
    const code = await codeOf(response);
    return { transport, kind: response.status < 500 ? 'rejected' : 'error', code };
  } catch (error) {
    return { transport, kind: 'error', code: failureCode(error) };
  }
}
