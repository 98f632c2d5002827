import { AppError } from '@commlab/errors';

import { generateWebhookSecret } from './webhook-secret';
import { signWebhook, verifyWebhook } from './webhook-signature';

const secret = generateWebhookSecret();
const body = JSON.stringify({ orderId: 'o-1', status: 'CONFIRMED' });

function reasonOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, kind: error.kind, reason: error.details?.reason };
    throw error;
  }
  throw new Error('expected verification to fail');
}

describe('signWebhook / verifyWebhook', () => {
  it('matches the Standard Webhooks reference vector', () => {
    const headers = signWebhook({
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
    });
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('verifies what it signed and returns the parsed payload', () => {
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });
    expect(verifyWebhook({ secret, body, headers })).toEqual({ orderId: 'o-1', status: 'CONFIRMED' });
    expect(verifyWebhook({ secret, body: Buffer.from(body), headers })).toEqual(JSON.parse(body));
  });

  it('accepts header names in any case and node:http array values', () => {
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });
    const mixed = {
      'Webhook-Id': headers['webhook-id'],
      'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'],
      'webhook-signature': [headers['webhook-signature']],
    };
    expect(verifyWebhook({ secret, body, headers: mixed })).toBeDefined();
  });

  it('refuses a tampered body, a changed id, another secret, missing headers and stale timestamps', () => {
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });
    const invalid = { code: 'WEBHOOK_SIGNATURE_INVALID', kind: 'unauthenticated' };
    expect(reasonOf(() => verifyWebhook({ secret, body: body.replace('o-1', 'o-2'), headers }))).toEqual({
      ...invalid,
      reason: 'No matching signature found',
    });
    expect(
      reasonOf(() => verifyWebhook({ secret, body, headers: { ...headers, 'webhook-id': 'msg_2' } })),
    ).toEqual({
      ...invalid,
      reason: 'No matching signature found',
    });
    expect(reasonOf(() => verifyWebhook({ secret: generateWebhookSecret(), body, headers }))).toMatchObject(
      invalid,
    );
    expect(reasonOf(() => verifyWebhook({ secret, body, headers: { 'webhook-id': 'msg_1' } }))).toEqual({
      ...invalid,
      reason: 'Missing required headers',
    });
    const old = signWebhook({ secret, id: 'msg_1', timestamp: new Date(Date.now() - 10 * 60_000), body });
    expect(reasonOf(() => verifyWebhook({ secret, body, headers: old }))).toEqual({
      ...invalid,
      reason: 'Message timestamp too old',
    });
  });

  it('refuses a malformed secret before signing', () => {
    expect(() => signWebhook({ secret: 'hunter2', id: 'x', timestamp: new Date(), body })).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_SECRET_INVALID' }) as Error,
    );
  });
});
