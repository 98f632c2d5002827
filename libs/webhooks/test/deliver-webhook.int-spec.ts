import net from 'node:net';

import {
  attemptWebhook,
  type CallbackUrlPolicy,
  deliverWebhook,
  generateWebhookSecret,
  type HostLookup,
  verifyWebhook,
  type WebhookAttemptRecord,
  type WebhookMessage,
} from '@commlab/webhooks';

import { type Answer, startReceiver, type TestReceiver } from './test-receiver';

jest.setTimeout(20_000);

const secret = generateWebhookSecret();
/** Tests never resolve names: a test that forgets to inject a lookup fails instead of asking DNS. */
const noDns: HostLookup = (hostname) =>
  Promise.reject(new Error(`test tried to resolve ${hostname}: inject a lookup`));
const loopbackOk: CallbackUrlPolicy = { allowLoopback: true, allowPrivate: false, lookup: noDns };
const payload = { type: 'order.confirmed', orderId: 'ord-1', status: 'CONFIRMED', total: '25.00' };

function message(url: string, overrides: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    url,
    secret,
    id: 'msg_ord-1_confirmed',
    payload,
    policy: loopbackOk,
    timeoutMs: 2_000,
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, jitter: 0.2 },
    ...overrides,
  };
}

/** Every outgoing TCP connection this process starts: host and port it was asked to reach. */
function watchConnections(): { targets: string[]; restore: () => void } {
  const targets: string[] = [];
  const original = net.Socket.prototype.connect;
  const spy = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
    this: net.Socket,
    ...args: unknown[]
  ) {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : first) as { host?: string; port?: number } | undefined;
    targets.push(`${options?.host ?? '?'}:${String(options?.port ?? '?')}`);
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  return {
    targets,
    restore: () => {
      spy.mockRestore();
    },
  };
}

describe('deliverWebhook against real local receivers', () => {
  let receiver: TestReceiver | undefined;
  let watch: ReturnType<typeof watchConnections>;

  async function receiverAnswering(script: (n: number) => Answer): Promise<TestReceiver> {
    receiver = await startReceiver(script);
    return receiver;
  }

  beforeEach(() => {
    watch = watchConnections();
  });

  afterEach(async () => {
    watch.restore();
    await receiver?.close();
    receiver = undefined;
  });

  it('delivers exactly one callback whose signature verifies', async () => {
    const rx = await receiverAnswering(() => 200);
    const records: WebhookAttemptRecord[] = [];
    const result = await deliverWebhook({ ...message(rx.url), onAttempt: (r) => void records.push(r) });

    expect(result).toMatchObject({ status: 'delivered', attempts: [{ attempt: 1, statusCode: 200 }] });
    expect(records).toEqual(result.attempts);
    expect(records[0]?.outcome).toBe('delivered');
    expect(Number.isNaN(Date.parse(records[0]?.at ?? ''))).toBe(false);
    expect(records[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(rx.received).toHaveLength(1);
    const [callback] = rx.received;
    expect(callback?.method).toBe('POST');
    expect(callback?.url).toBe('/hooks/orders');
    expect(callback?.headers['content-type']).toBe('application/json');
    expect(callback?.headers['webhook-id']).toBe('msg_ord-1_confirmed');
    expect(verifyWebhook({ secret, body: callback!.body, headers: callback!.headers })).toEqual(payload);
  });

  it('a tampered body fails verification', async () => {
    const rx = await receiverAnswering(() => 200);
    await deliverWebhook(message(rx.url));
    const [callback] = rx.received;
    const tampered = callback!.body.replace('25.00', '0.01');
    expect(tampered).not.toBe(callback!.body);
    expect(() => verifyWebhook({ secret, body: tampered, headers: callback!.headers })).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }) as Error,
    );
  });

  it('500, 500, 200: delivered on the third attempt, same id and body each time', async () => {
    const rx = await receiverAnswering((n) => (n < 2 ? 500 : 200));
    const result = await deliverWebhook(message(rx.url));

    expect(result.status).toBe('delivered');
    expect(result.attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, 500, 'retry'],
      [3, 200, 'delivered'],
    ]);
    expect(result.attempts[0]?.error).toMatchObject({ code: 'WEBHOOK_HTTP_STATUS' });
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set(['msg_ord-1_confirmed']),
    );
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
    for (const r of rx.received)
      expect(verifyWebhook({ secret, body: r.body, headers: r.headers })).toEqual(payload);
  });

  it('410 Gone: stops at once, the receiver is called once', async () => {
    const rx = await receiverAnswering(() => 410);
    const result = await deliverWebhook(message(rx.url));
    expect(result).toMatchObject({
      status: 'gone',
      attempts: [{ attempt: 1, statusCode: 410, outcome: 'gone' }],
    });
    expect(rx.received).toHaveLength(1);
  });

  it('gives up after maxAttempts on persistent 503s', async () => {
    const rx = await receiverAnswering(() => 503);
    const result = await deliverWebhook(
      message(rx.url, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, jitter: 0 } }),
    );
    expect(result).toMatchObject({ status: 'failed', reason: 'exhausted' });
    expect(result.attempts).toHaveLength(3);
    expect(rx.received).toHaveLength(3);
  });

  it('does not retry another 4xx', async () => {
    const rx = await receiverAnswering(() => 400);
    const result = await deliverWebhook(message(rx.url));
    expect(result).toMatchObject({ status: 'failed', reason: 'rejected', attempts: [{ statusCode: 400 }] });
    expect(rx.received).toHaveLength(1);
  });

  it('a 302 to a private address is recorded, not followed: one connection, to the receiver only', async () => {
    const rx = await receiverAnswering(() => ({ status: 302, headers: { location: 'http://10.0.0.1/' } }));
    const result = await deliverWebhook(message(rx.url));

    expect(result).toMatchObject({
      status: 'failed',
      reason: 'redirect',
      attempts: [
        { statusCode: 302, location: 'http://10.0.0.1/', error: { code: 'WEBHOOK_REDIRECT_REFUSED' } },
      ],
    });
    expect(rx.received).toHaveLength(1);
    expect(watch.targets).toEqual([`127.0.0.1:${rx.port}`]);
  });

  it('times out a receiver that never answers, and retries', async () => {
    const rx = await receiverAnswering((n) => (n === 0 ? 'hang' : 200));
    const result = await deliverWebhook(message(rx.url, { timeoutMs: 300 }));
    expect(result.status).toBe('delivered');
    expect(result.attempts[0]).toMatchObject({ outcome: 'retry', error: { code: 'WEBHOOK_TIMEOUT' } });
    expect(result.attempts[0]!.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('retries when nothing listens (connection refused)', async () => {
    const rx = await receiverAnswering(() => 200);
    const url = rx.url;
    await rx.close();
    receiver = undefined;
    const result = await deliverWebhook(
      message(url, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5, jitter: 0 } }),
    );
    expect(result).toMatchObject({ status: 'failed', reason: 'exhausted' });
    expect(result.attempts[0]?.error?.code).toBe('WEBHOOK_NETWORK_ERROR');
    expect(result.attempts[0]?.error?.message).toContain('ECONNREFUSED');
  });

  it('can be cancelled during the backoff', async () => {
    const rx = await receiverAnswering(() => 500);
    const controller = new AbortController();
    const result = await deliverWebhook({
      ...message(rx.url, { retry: { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 5_000, jitter: 0 } }),
      signal: controller.signal,
      onAttempt: () => {
        controller.abort();
      },
    });
    expect(result).toMatchObject({ status: 'cancelled', attempts: [{ attempt: 1, outcome: 'retry' }] });
    expect(rx.received).toHaveLength(1);
  });

  it('connects to the checked address only: a lookup that changes its answer (DNS rebinding) is asked once', async () => {
    const rx = await receiverAnswering(() => 200);
    let calls = 0;
    const rebinding: HostLookup = () => {
      calls += 1;
      return Promise.resolve([{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }]);
    };
    const url = `http://receiver.test:${rx.port}/hooks/orders`;
    const result = await deliverWebhook(message(url, { policy: { ...loopbackOk, lookup: rebinding } }));
    expect(result.status).toBe('delivered');
    expect(calls).toBe(1);
    expect(rx.received[0]?.headers.host).toBe(`receiver.test:${rx.port}`);
    expect(watch.targets).toEqual([`receiver.test:${rx.port}`]);
  });
});

describe('callback URLs refused before any connection', () => {
  let watch: ReturnType<typeof watchConnections>;
  beforeEach(() => {
    watch = watchConnections();
  });
  afterEach(() => {
    watch.restore();
  });

  it.each([
    ['http://10.0.0.1/hooks', 'CALLBACK_URL_REFUSED'],
    ['http://169.254.169.254/latest/meta-data/', 'CALLBACK_URL_REFUSED'],
    ['http://[::ffff:10.0.0.1]/hooks', 'CALLBACK_URL_REFUSED'],
    ['file:///etc/passwd', 'CALLBACK_URL_INVALID'],
  ])('%s → %s, no connection', async (url, code) => {
    const result = await deliverWebhook(message(url, { policy: loopbackOk }));
    expect(result).toMatchObject({
      status: 'failed',
      reason: 'refused',
      attempts: [{ attempt: 1, outcome: 'failed-permanently', error: { code } }],
    });
    expect(watch.targets).toEqual([]);
  });

  it('a host name resolving to a private address is refused and never connected to', async () => {
    const lookup = jest.fn<ReturnType<HostLookup>, Parameters<HostLookup>>(() =>
      Promise.resolve([{ address: '10.1.2.3', family: 4 }]),
    );
    const outcome = await attemptWebhook({
      ...message('http://hooks.internal.example/cb', {
        policy: { allowLoopback: true, allowPrivate: false, lookup },
      }),
      attempt: 1,
    });
    expect(outcome).toMatchObject({ kind: 'failed-permanently', reason: 'refused' });
    expect(outcome.record.error?.message).toContain('10.1.2.3');
    expect(lookup).toHaveBeenCalledWith('hooks.internal.example');
    expect(watch.targets).toEqual([]);
  });

  it('loopback is refused when the policy does not allow it', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const result = await deliverWebhook(
        message(rx.url, { policy: { allowLoopback: false, allowPrivate: false, lookup: noDns } }),
      );
      expect(result).toMatchObject({ status: 'failed', reason: 'refused' });
      expect(result.attempts[0]?.error?.code).toBe('CALLBACK_URL_REFUSED');
      expect(rx.received).toHaveLength(0);
      expect(watch.targets).toEqual([]);
    } finally {
      await rx.close();
    }
  });
});
