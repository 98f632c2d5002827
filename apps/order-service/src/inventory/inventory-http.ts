import type { ServiceTokenSource } from '@commlab/access-tokens';
import { AppError, kindFromHttpStatus } from '@commlab/errors';
import { correlationHeaders, SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';

import type { OrderConfig } from '../config/order.config';
import {
  AUTHORIZATION_HEADER,
  INVENTORY_ACCESS_TOKEN,
  forgetRefusedToken,
  inventoryAuthorization,
} from './inventory-access-token';
import { inventoryFailure } from './inventory-errors';

const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/**
 * inventory's REST API as order-service calls it: order's service token (`Authorization: Bearer`), the
 * request's correlation headers, DOWNSTREAM_TIMEOUT_MS. An error answer is an AppError with inventory's
 * code (a refused token is dropped so the next call fetches a new one); no answer is 503
 * INVENTORY_UNAVAILABLE (UNREACHABLE).
 */
@Injectable()
export class InventoryHttp {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
    @Inject(INVENTORY_ACCESS_TOKEN) private readonly tokens: ServiceTokenSource,
  ) {}

  async call(method: string, path: string, payload: unknown): Promise<unknown> {
    const authorization = await inventoryAuthorization(this.tokens);
    let response: Response;
    try {
      response = await fetch(new URL(path, this.config.INVENTORY_HTTP_URL), {
        method,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...correlationHeaders(),
          [AUTHORIZATION_HEADER]: authorization,
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(this.config.DOWNSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw inventoryFailure(
        new AppError({ code: 'UNREACHABLE', kind: 'unavailable', message, cause: error }),
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return body;
    const failure = errorBodySchema.safeParse(body);
    const refusal = new AppError({
      code: failure.success ? failure.data.code : `HTTP_${response.status}`,
      kind: kindFromHttpStatus(response.status),
      message: failure.success ? failure.data.message : `HTTP ${response.status} from ${method} ${path}`,
      ...(failure.success && failure.data.details ? { details: failure.data.details } : {}),
    });
    throw inventoryFailure(forgetRefusedToken(this.tokens, refusal));
  }
}
