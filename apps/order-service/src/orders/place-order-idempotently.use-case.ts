import { randomUUID } from 'node:crypto';

import type { SagaStyle } from '@commlab/contracts';
import type { AppError } from '@commlab/errors';
import type { SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import type { Principal } from '../auth/principal';
import {
  decideOnKey,
  errorToKeep,
  IN_PROGRESS_LEASE_MS,
  IN_PROGRESS_RETRY_AFTER_SECONDS,
  keyInProgress,
  keyReused,
  replayedError,
  requestFingerprint,
  type StoredResponse,
} from '../idempotency/idempotency-key';
import { IdempotencyKeyRepository, type KeyClaim } from '../idempotency/idempotency-key.repository';
import type { ReserveTransport } from '../inventory/stock-reserver';
import type { Order } from './order';
import type { PlaceOrderBody } from './order.schemas';
import { PlaceAsyncOrder } from './place-async-order.use-case';
import { PlaceOrder } from './place-order.use-case';

export const IDEMPOTENCY_SETTINGS = Symbol('IDEMPOTENCY_SETTINGS');

export interface IdempotencySettings {
  /** How long a key is kept (IDEMPOTENCY_KEY_TTL_MS): a retry within it replays, after it places anew. */
  ttlMs: number;
}

/** A POST /orders as the use case sees it, once the body and query are validated. */
export interface OrderPlacementRequest {
  mode: 'sync' | 'async';
  transport: ReserveTransport;
  /** An async order's saga style (decideSagaStyle); null for a sync order. */
  saga: SagaStyle | null;
  body: PlaceOrderBody;
}

/** What the controller answers: an order (new or replayed), or a replayed error. */
export type OrderPlacement =
  | { outcome: 'placed' | 'replayed'; status: number; order: Order; location: string | null }
  | { outcome: 'replayed-error'; error: AppError };

/** The response of a placed order: 201 (sync) or 202 + Location (async). */
export function placedResponse(mode: OrderPlacementRequest['mode'], order: Order): StoredResponse {
  return mode === 'sync'
    ? { status: 201, body: order, location: null }
    : { status: 202, body: order, location: `/orders/${order.id}` };
}

/**
 * POST /orders with an optional `Idempotency-Key` (docs/sync-path.md, "Retrying safely"). Without a key the
 * order is placed as before. With one, the key's row decides (decideOnKey): replay the first response,
 * 422 IDEMPOTENCY_KEY_REUSED for another request, 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first is
 * running, or claim the key and place the order — the key's response then commits in the order's own
 * transaction. A final client error (4xx) is kept and replayed; a 5xx forgets the key so a retry can succeed.
 */
@Injectable()
export class PlaceOrderIdempotently {
  private readonly logger = new Logger(PlaceOrderIdempotently.name);

  constructor(
    private readonly placeOrder: PlaceOrder,
    private readonly placeAsyncOrder: PlaceAsyncOrder,
    private readonly keys: IdempotencyKeyRepository,
    @Inject(IDEMPOTENCY_SETTINGS) private readonly settings: IdempotencySettings,
  ) {}

  async execute(
    principal: Principal,
    key: string | undefined,
    request: OrderPlacementRequest,
  ): Promise<OrderPlacement> {
    if (key === undefined) return this.placed(request, await this.place(principal, request));
    const fingerprint = requestFingerprint(request);
    // Two rounds: losing the claim to a concurrent duplicate means its row now exists to decide on.
    for (let round = 0; round < 2; round += 1) {
      const now = new Date();
      const decision = decideOnKey(await this.keys.find(principal.userId, key), fingerprint, now);
      switch (decision.action) {
        case 'replay':
          return decision.response.status >= 400
            ? { outcome: 'replayed-error', error: replayedError(decision.response) }
            : {
                outcome: 'replayed',
                status: decision.response.status,
                order: decision.response.body as Order,
                location: decision.response.location,
              };
        case 'reused':
          throw keyReused();
        case 'in_progress':
          throw keyInProgress(decision.retryAfterSeconds);
        case 'proceed': {
          const claim: KeyClaim = {
            userId: principal.userId,
            key,
            fingerprint,
            claimId: randomUUID(),
            lockedUntil: new Date(now.getTime() + IN_PROGRESS_LEASE_MS),
            expiresAt: new Date(now.getTime() + this.settings.ttlMs),
          };
          if (await this.keys.claim(claim, decision.takeOver))
            return this.placeClaimed(principal, request, claim);
        }
      }
    }
    throw keyInProgress(IN_PROGRESS_RETRY_AFTER_SECONDS);
  }

  private async placeClaimed(
    principal: Principal,
    request: OrderPlacementRequest,
    claim: KeyClaim,
  ): Promise<OrderPlacement> {
    const record = async (tx: SqlExecutor, order: Order) => {
      const recorded = await this.keys.complete(tx, claim, placedResponse(request.mode, order), order.id);
      // Taken over after the lease lapsed: this order rolls back, the request holding the key wins.
      if (!recorded) throw keyInProgress(IN_PROGRESS_RETRY_AFTER_SECONDS);
    };
    try {
      return this.placed(request, await this.place(principal, request, record));
    } catch (error) {
      await this.settle(claim, error);
      throw error;
    }
  }

  /** After a failed first request: keep a final 4xx for replay, else forget the key. Never masks `error`. */
  private async settle(claim: KeyClaim, error: unknown): Promise<void> {
    const kept = errorToKeep(error);
    try {
      if (kept === null) await this.keys.release(claim);
      else await this.keys.completeWithError(claim, kept);
    } catch (settleError) {
      this.logger.warn(
        { err: settleError, key: claim.key },
        'could not settle an idempotency key; its claim lapses with its lease',
      );
    }
  }

  private place(
    principal: Principal,
    request: OrderPlacementRequest,
    record?: (tx: SqlExecutor, order: Order) => Promise<void>,
  ): Promise<Order> {
    return request.mode === 'sync'
      ? this.placeOrder.execute(principal, request.body, request.transport, record)
      : this.placeAsyncOrder.execute(principal, request.body, request.saga ?? 'orchestration', record);
  }

  private placed(request: OrderPlacementRequest, order: Order): OrderPlacement {
    const { status, location } = placedResponse(request.mode, order);
    return { outcome: 'placed', status, order, location };
  }
}
