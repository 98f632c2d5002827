import { kindFromHttpStatus } from '@commlab/errors';
import { correlationHeaders, SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';

import type { OrderConfig } from '../config/order.config';
import { authFailure } from './auth-errors';
import type { Principal, TokenVerifier } from './principal';

const verifyResponseSchema = z.object({
  userId: z.string(),
  email: z.string(),
  expiresAtUnixSeconds: z.number(),
  scopes: z.array(z.string()),
});

/** order → auth over REST: `POST /auth/verify {token}` with a timeout and the correlation id header. */
@Injectable()
export class RestTokenVerifier implements TokenVerifier {
  readonly mode = 'rest';

  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderConfig) {}

  async verify(token: string): Promise<Principal> {
    let response: Response;
    try {
      response = await fetch(new URL('/auth/verify', this.config.AUTH_HTTP_URL), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...correlationHeaders() },
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(this.config.DOWNSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      throw authFailure('unavailable', error instanceof Error ? error.message : String(error), error);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = (body as { message?: unknown } | undefined)?.message;
      throw authFailure(
        kindFromHttpStatus(response.status),
        typeof message === 'string' ? message : `HTTP ${response.status}`,
        body,
      );
    }
    const parsed = verifyResponseSchema.safeParse(body);
    if (!parsed.success)
      throw authFailure('internal', 'unexpected response from POST /auth/verify', parsed.error);
    return parsed.data;
  }
}
