import { CORRELATION_ID_HEADER, type SagaStyle } from '@commlab/contracts';
import { AppError } from '@commlab/errors';

import type { PlaceOrderRequest } from '../common/api';
import { callService, expectOk, type ServiceAnswer } from '../services/service-client';

/** The demo users auth-service seeds in development and under compose (SEED_DEMO_DATA). */
const DEMO_PASSWORDS: Record<PlaceOrderRequest['user'], { email: string; password: string }> = {
  alice: { email: 'alice@example.com', password: 'alice-password' },
  bob: { email: 'bob@example.com', password: 'bob-password' },
};

/** What order-service answered to GET /orders/{id}, the parts the timeline reads. */
export interface OrderState {
  status: string;
  rejection: { reason: string; skus: string[] } | null;
  callback?: {
    status: string;
    attempts: {
      attempt: number;
      at: string;
      durationMs: number;
      outcome: string;
      statusCode: number | null;
    }[];
  };
}

export interface OrderClientOptions {
  authUrl: string;
  orderUrl: string;
  timeoutMs: number;
}

/**
 * The console as a client of commlab, like curl in the tutorials: it logs in as a demo user (the token
 * is kept until shortly before it expires) and places and reads orders through order-service's API.
 */
export class OrderClient {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(private readonly options: OrderClientOptions) {}

  /** POST /orders with a token from `login` (so the login is not part of the order's time). */
  async place(
    request: PlaceOrderRequest,
    token: string,
    correlationId: string,
    callbackUrl: string | undefined,
  ): Promise<ServiceAnswer> {
    const query = new URLSearchParams({ transport: request.transport, auth: request.auth });
    const saga: SagaStyle = request.saga;
    if (request.mode === 'async') query.set('saga', saga);
    return callService('order-service', `${this.options.orderUrl}/orders?${query.toString()}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        [CORRELATION_ID_HEADER]: correlationId,
        ...(request.mode === 'async' ? { prefer: 'respond-async' } : {}),
      },
      body: {
        items: [{ sku: request.sku, quantity: request.quantity }],
        ...(callbackUrl === undefined ? {} : { callbackUrl }),
      },
      // A sync order waits for inventory: allow order-service's own deadline and then some.
      timeoutMs: this.options.timeoutMs + 10_000,
    });
  }

  async order(user: PlaceOrderRequest['user'], orderId: string): Promise<OrderState> {
    const token = await this.login(user);
    const answer = await callService(
      'order-service',
      `${this.options.orderUrl}/orders/${encodeURIComponent(orderId)}`,
      {
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: this.options.timeoutMs,
      },
    );
    if (answer.status === 401) this.tokens.delete(user);
    return expectOk('order-service', answer) as OrderState;
  }

  /** A token of the demo user: the one kept, or a fresh login. */
  async login(user: PlaceOrderRequest['user']): Promise<string> {
    const cached = this.tokens.get(user);
    if (cached !== undefined && cached.until > Date.now()) return cached.token;
    const login = DEMO_PASSWORDS[user];
    const answer = await callService('auth-service', `${this.options.authUrl}/auth/login`, {
      method: 'POST',
      body: login,
      timeoutMs: this.options.timeoutMs,
    });
    if (answer.status !== 200) {
      throw new AppError({
        code: 'LOGIN_FAILED',
        kind: 'unavailable',
        message: `auth-service refused the demo login ${login.email} (${String(answer.status)}): are the demo users seeded (SEED_DEMO_DATA)?`,
        details: { status: answer.status },
      });
    }
    const { accessToken, expiresIn } = answer.body as { accessToken: string; expiresIn: number };
    this.tokens.set(user, { token: accessToken, until: Date.now() + Math.max(0, expiresIn - 60) * 1000 });
    return accessToken;
  }
}
