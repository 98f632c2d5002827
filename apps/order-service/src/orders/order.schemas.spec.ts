import { ZodValidationPipe } from '@commlab/service-kit';

import { placeOrderBodySchema, placeOrderQuerySchema } from './order.schemas';

describe('order request schemas', () => {
  const query = new ZodValidationPipe(placeOrderQuerySchema, 'query');
  const body = new ZodValidationPipe(placeOrderBodySchema);

  it('defaults to gRPC for both calls', () => {
    expect(query.transform({})).toEqual({ auth: 'grpc', transport: 'grpc' });
    expect(query.transform({ transport: 'rest', auth: 'jwks' })).toEqual({ auth: 'jwks', transport: 'rest' });
  });

  it('accepts the broker transports rmq and kafka', () => {
    expect(query.transform({ transport: 'kafka' })).toEqual({ auth: 'grpc', transport: 'kafka' });
    expect(query.transform({ transport: 'rmq' })).toEqual({ auth: 'grpc', transport: 'rmq' });
  });

  it('rejects an unknown transport and auth mode', () => {
    expect(() => query.transform({ transport: 'smtp' })).toThrow(
      'transport: must be one of grpc, rest, rmq, kafka',
    );
    expect(() => query.transform({ auth: 'none' })).toThrow('auth');
  });

  it('accepts a valid body and rejects unknown fields, bad quantities and non-http callback URLs', () => {
    expect(body.transform({ items: [{ sku: 'mug-red', quantity: 2 }] })).toEqual({
      items: [{ sku: 'mug-red', quantity: 2 }],
    });
    expect(() => body.transform({ items: [{ sku: 'mug-red', quantity: 2 }], coupon: 'x' })).toThrow(
      'coupon: unknown field',
    );
    expect(() => body.transform({ items: [{ sku: 'mug-red', quantity: 0 }] })).toThrow('items[0].quantity');
    expect(() => body.transform({ items: [] })).toThrow('items');
    expect(() =>
      body.transform({ items: [{ sku: 'mug-red', quantity: 1 }], callbackUrl: 'file:///etc/passwd' }),
    ).toThrow('callbackUrl');
  });

  it.each([
    'http://user:pass@hooks.example.com/cb',
    'https://token@hooks.example.com/',
    'http://:pw@1.2.3.4/',
  ])('rejects a callbackUrl with credentials (%s)', (callbackUrl) => {
    expect(() => body.transform({ items: [{ sku: 'mug-red', quantity: 1 }], callbackUrl })).toThrow(
      'callbackUrl: must not contain credentials',
    );
  });

  it.each([
    [
      { items: [{ sku: 'mug-red', quantity: 1 }], callbackUrl: 'http://hooks.example.com/a\u0000b' },
      'callbackUrl',
    ],
    [{ items: [{ sku: 'mug\u0000', quantity: 1 }] }, 'items[0].sku'],
    [
      { items: [{ sku: 'mug-red', quantity: 1 }], callbackUrl: 'http://hooks.example.com/\u001b[0m' },
      'callbackUrl',
    ],
  ])('names the field holding a control character (%j)', (value, field) => {
    expect(() => body.transform(value)).toThrow(`${field}: must not contain control characters`);
  });
});
