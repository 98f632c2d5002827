import { setTimeout } from 'node:timers/promises';

import { type RunningOrderService } from '../src';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';

/**
 * A burst of failed logins must not deny orders. Every failed login costs a full password hash (~350 ms
 * of scrypt, the production cost: the stack's auth-service runs with the default parameters), and token
 * verification — what order-service asks auth-service for on every order with ?auth=grpc or ?auth=rest —
 * shares auth-service's process with them. Before logins were bounded, 30 concurrent failed logins kept
 * libuv's thread pool busy for seconds and those orders answered 503 AUTH_UNAVAILABLE at their deadline.
 * Now auth-service hashes at most AUTH_HASH_CONCURRENCY passwords at a time (the rest wait briefly in a
 * bounded queue or get 429 AUTH_BUSY) and throttles failed logins per client address (429
 * TOO_MANY_LOGINS_FROM_ADDRESS), so verification always finds the thread pool free.
 */
jest.setTimeout(90_000);

const BURST = 30;
const ADDRESS_LIMIT = 10;

interface LoginAnswer {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

describe('a burst of 30 concurrent failed logins, each for a different unknown email', () => {
  let stack: SyncStack;
  let order: RunningOrderService;
  let alice: string;

  beforeAll(async () => {
    stack = await startSyncStack('pglite', {
      auth: {
        AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: String(ADDRESS_LIMIT),
        // As if behind one proxy, so the test can speak for many clients; a request without the header
        // is throttled by its socket address. The hashing limits are the defaults (2 at once, 8 waiting).
        AUTH_TRUSTED_PROXY_HOPS: '1',
      },
    });
    // The production deadline for the call to auth-service (the stack's default order-service uses less).
    order = await stack.startOrder({ DOWNSTREAM_TIMEOUT_MS: '2000' });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  /** `forwardedFor`: the client address the (trusted) proxy in front of auth-service would report. */
  const failedLogin = async (index: number, forwardedFor?: string): Promise<LoginAnswer> => {
    const response = await fetch(`${stack.auth.httpUrl}/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
      },
      body: JSON.stringify({
        email: `flood-${forwardedFor ?? 'same'}-${index}@example.com`,
        password: 'not-the-password',
      }),
    });
    const body = (await response.json()) as { code?: string };
    return { status: response.status, code: body.code, retryAfter: response.headers.get('retry-after') };
  };

  const placeOrder = async (auth: 'grpc' | 'rest') => {
    const response = await fetch(`${order.httpUrl}/orders?auth=${auth}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}` },
      body: JSON.stringify({ items: [{ sku: 'sticker-kafka', quantity: 1 }] }),
    });
    const body = (await response.json()) as { code?: string };
    return `${auth} ${response.status}${body.code === undefined ? '' : ` ${body.code}`}`;
  };

  /** Fires the burst and places orders (grpc and rest in turn) until it has settled. */
  const burstWithOrders = async (from: (index: number) => string | undefined) => {
    const burst = { settled: false };
    const answers = Promise.all(
      Array.from({ length: BURST }, (_, index) => failedLogin(index, from(index))),
    ).finally(() => {
      burst.settled = true;
    });
    // Orders while the burst is in flight (and at least two of each, should it end first).
    const orders: string[] = [];
    do {
      orders.push(...(await Promise.all([placeOrder('grpc'), placeOrder('rest')])));
      await setTimeout(100); // a steady trickle of orders, well within the demo stock (1000 stickers)
    } while (!burst.settled || orders.length < 4);
    return { orders, answers: await answers };
  };

  const allCreated = (orders: string[]) => orders.map((line) => line.replace(/ .*$/, ' 201'));
  const unexpected = (answers: LoginAnswer[]) =>
    answers
      .map(({ status, code }) => `${status} ${code ?? ''}`)
      .filter(
        (line) => !/^(401 INVALID_CREDENTIALS|429 (TOO_MANY_LOGINS_FROM_ADDRESS|AUTH_BUSY))$/.test(line),
      );
  const withCode = (answers: LoginAnswer[], code: string) => answers.filter((answer) => answer.code === code);

  it('from one address: orders with ?auth=grpc and ?auth=rest get 201; the burst 401, or 429 past the address limit', async () => {
    const { orders, answers } = await burstWithOrders(() => undefined);

    expect(orders).toEqual(allCreated(orders));
    expect(unexpected(answers)).toEqual([]);
    expect(withCode(answers, 'INVALID_CREDENTIALS').length).toBeGreaterThanOrEqual(1);
    // No more than the address allows reach the password check; the others are told to come back later.
    expect(withCode(answers, 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(ADDRESS_LIMIT);
    expect(withCode(answers, 'TOO_MANY_LOGINS_FROM_ADDRESS').length).toBeGreaterThanOrEqual(
      BURST - ADDRESS_LIMIT,
    );
    for (const { status, retryAfter } of answers) {
      if (status === 429) expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    }
  });

  it('from 30 addresses (behind a trusted proxy): the hashing bound alone keeps orders at 201; the overflow gets 429 AUTH_BUSY', async () => {
    const { orders, answers } = await burstWithOrders((index) => `198.51.100.${index + 1}`);

    expect(orders).toEqual(allCreated(orders));
    expect(unexpected(answers)).toEqual([]);
    expect(withCode(answers, 'TOO_MANY_LOGINS_FROM_ADDRESS')).toEqual([]);
    expect(withCode(answers, 'INVALID_CREDENTIALS').length).toBeGreaterThanOrEqual(1);
    // 2 hashing + 8 waiting at most: the rest were refused at once, with Retry-After.
    expect(withCode(answers, 'AUTH_BUSY').length).toBeGreaterThanOrEqual(BURST - 10);
    for (const { retryAfter } of withCode(answers, 'AUTH_BUSY'))
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
