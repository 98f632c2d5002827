import { ConfigError, loadConfig } from '@commlab/config';
import { ORDER_ACCEPTED_V1, ORDER_CANCELLED_V1, ORDER_PLACED_V2, sampleMessages } from '@commlab/contracts';

import { orderConfigSchema } from '../config/order.config';
import { AppError } from '@commlab/errors';

import {
  forgetRefusedToken,
  inventoryAccessToken,
  inventoryAuthorization,
  inventoryCommandHeaders,
  orderAcceptedHeaders,
} from './inventory-access-token';

describe("order-service's service token for inventory", () => {
  it('uses the DEV-ONLY client by default outside production', () => {
    const config = loadConfig(orderConfigSchema, { COMMLAB_ENV: 'development' });
    expect([config.ORDER_CLIENT_ID, config.ORDER_CLIENT_SECRET]).toEqual([
      'order-service',
      'dev-only-order-service-secret',
    ]);
    expect(() => inventoryAccessToken(config)).not.toThrow();
  });

  it('refuses the DEV-ONLY secret in production, naming ORDER_CLIENT_SECRET but not the secret', () => {
    const config = loadConfig(orderConfigSchema, { COMMLAB_ENV: 'production' });
    expect(() => inventoryAccessToken(config)).toThrow(ConfigError);
    try {
      inventoryAccessToken(config);
    } catch (error) {
      expect((error as Error).message).toContain('ORDER_CLIENT_SECRET');
      expect((error as Error).message).not.toContain('dev-only-order-service-secret');
    }
    const own = loadConfig(orderConfigSchema, {
      COMMLAB_ENV: 'production',
      ORDER_CLIENT_SECRET: 'a-secret-of-our-own-that-is-long-enough',
    });
    expect(() => inventoryAccessToken(own)).not.toThrow();
  });

  it('no token to be had → 503 INVENTORY_UNAVAILABLE (nothing the caller can fix)', async () => {
    await expect(
      inventoryAuthorization({ token: () => Promise.reject(new Error('auth down')) }),
    ).rejects.toMatchObject({ code: 'INVENTORY_UNAVAILABLE', httpStatus: 503 });
    await expect(inventoryAuthorization({ token: () => Promise.resolve('abc') })).resolves.toBe('Bearer abc');
  });

  it('drops the cached token when inventory refused it, and only then', () => {
    const tokens = { forget: jest.fn() };
    const refusal = (code: string) => new AppError({ code, kind: 'unauthenticated', message: code });
    for (const code of ['TOKEN_INVALID', 'MISSING_TOKEN', 'INSUFFICIENT_SCOPE', 'SERVICE_TOKEN_REQUIRED']) {
      expect(forgetRefusedToken(tokens, refusal(code)).code).toBe(code);
    }
    forgetRefusedToken(tokens, refusal('OUT_OF_STOCK'));
    expect(tokens.forget).toHaveBeenCalledTimes(4);
  });

  it("puts the token on inventory's commands and on OrderCancelled only; without a token the publish fails", async () => {
    const samples = sampleMessages();
    const other = samples[ORDER_PLACED_V2];
    const headers = inventoryCommandHeaders({ token: () => Promise.resolve('abc') });
    await expect(
      headers({ destination: { transport: 'rabbitmq-queue', queue: 'inventory.commands' }, envelope: other }),
    ).resolves.toEqual({ authorization: 'Bearer abc' });
    await expect(
      headers({ destination: { transport: 'rabbitmq-queue', queue: 'notifications.send' }, envelope: other }),
    ).resolves.toEqual({});
    await expect(
      headers({
        destination: { transport: 'rabbitmq', exchange: 'commlab.events', routingKey: 'inventory.commands' },
        envelope: other,
      }),
    ).resolves.toEqual({});
    // inventory releases stock on an OrderCancelled from `commlab.events`: it carries the token too.
    await expect(
      headers({
        destination: { transport: 'rabbitmq', exchange: 'commlab.events', routingKey: 'order.cancelled' },
        envelope: samples[ORDER_CANCELLED_V1],
      }),
    ).resolves.toEqual({ authorization: 'Bearer abc' });
    const noToken = inventoryCommandHeaders({ token: () => Promise.reject(new Error('auth down')) });
    await expect(
      noToken({ destination: { transport: 'rabbitmq-queue', queue: 'inventory.commands' }, envelope: other }),
    ).rejects.toMatchObject({ code: 'INVENTORY_UNAVAILABLE' });
  });

  it('puts the token on OrderAccepted only (choreographed orders); without a token the publish fails', async () => {
    const samples = sampleMessages();
    const headers = orderAcceptedHeaders({ token: () => Promise.resolve('abc') });
    await expect(headers({ envelope: samples[ORDER_ACCEPTED_V1] })).resolves.toEqual({
      authorization: 'Bearer abc',
    });
    await expect(headers({ envelope: samples[ORDER_PLACED_V2] })).resolves.toEqual({});
    const noToken = orderAcceptedHeaders({ token: () => Promise.reject(new Error('auth down')) });
    await expect(noToken({ envelope: samples[ORDER_ACCEPTED_V1] })).rejects.toMatchObject({
      code: 'INVENTORY_UNAVAILABLE',
    });
  });
});
