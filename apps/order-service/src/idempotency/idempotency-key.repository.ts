import type { Database, SqlExecutor } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import type { IdempotencyRecord, StoredResponse } from './idempotency-key';

interface KeyRow {
  fingerprint: string;
  claim_id: string;
  state: IdempotencyRecord['state'];
  response_status: number | null;
  response_body: string | null;
  response_location: string | null;
  locked_until: Date;
  expires_at: Date;
}

/** A new claim on a key: who holds it, until when it is locked, until when it is kept. */
export interface KeyClaim {
  userId: string;
  key: string;
  fingerprint: string;
  claimId: string;
  lockedUntil: Date;
  expiresAt: Date;
}

function toRecord(row: KeyRow): IdempotencyRecord {
  return {
    fingerprint: row.fingerprint,
    claimId: row.claim_id,
    state: row.state,
    response:
      row.response_status === null || row.response_body === null
        ? null
        : {
            status: row.response_status,
            body: JSON.parse(row.response_body) as unknown,
            location: row.response_location,
          },
    lockedUntil: row.locked_until,
    expiresAt: row.expires_at,
  };
}

/**
 * The `idempotency_keys` table (order-service's store, PGlite or PostgreSQL): one row per (user, key).
 * Claims are single statements (insert-if-absent, compare-and-set on claim_id), so concurrent duplicates
 * cannot both win; the completed response is written in the order's own transaction.
 */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.db.query<KeyRow>(
      'SELECT * FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2',
      [userId, key],
    );
    const [row] = rows;
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Claims the key: inserts it when absent (`takeOver` null) or replaces the row whose claim was
   * `takeOver` (expired, or a lapsed in-progress claim). False when another request got there first.
   */
  async claim(claim: KeyClaim, takeOver: string | null): Promise<boolean> {
    const values = [
      claim.userId,
      claim.key,
      claim.fingerprint,
      claim.claimId,
      claim.lockedUntil,
      claim.expiresAt,
    ];
    if (takeOver === null) {
      const { rowCount } = await this.db.query(
        `INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, claim_id, state, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, 'in_progress', $5, $6)
         ON CONFLICT (user_id, idem_key) DO NOTHING`,
        values,
      );
      return rowCount === 1;
    }
    const { rowCount } = await this.db.query(
      `UPDATE idempotency_keys
          SET fingerprint = $3, claim_id = $4, state = 'in_progress', order_id = NULL, response_status = NULL,
              response_body = NULL, response_location = NULL, locked_until = $5, expires_at = $6,
              created_at = now()
        WHERE user_id = $1 AND idem_key = $2 AND claim_id = $7`,
      [...values, takeOver],
    );
    return rowCount === 1;
  }

  /**
   * Records the key's final response, in the caller's transaction (the order's, so the order and its key
   * commit together). False when the claim was taken over meanwhile: the caller must roll back.
   */
  async complete(
    tx: SqlExecutor,
    claim: Pick<KeyClaim, 'userId' | 'key' | 'claimId'>,
    response: StoredResponse,
    orderId: string | null,
  ): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE idempotency_keys
          SET state = 'completed', order_id = $4, response_status = $5, response_body = $6,
              response_location = $7
        WHERE user_id = $1 AND idem_key = $2 AND claim_id = $3`,
      [
        claim.userId,
        claim.key,
        claim.claimId,
        orderId,
        response.status,
        JSON.stringify(response.body),
        response.location,
      ],
    );
    return rowCount === 1;
  }

  /** Records a final error response (no order was placed) outside any order transaction. */
  async completeWithError(
    claim: Pick<KeyClaim, 'userId' | 'key' | 'claimId'>,
    response: StoredResponse,
  ): Promise<boolean> {
    return this.complete(this.db, claim, response, null);
  }

  /** Forgets a claim whose request failed in a way worth retrying (5xx): the next request runs again. */
  async release(claim: Pick<KeyClaim, 'userId' | 'key' | 'claimId'>): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2 AND claim_id = $3 AND state = 'in_progress'`,
      [claim.userId, claim.key, claim.claimId],
    );
  }

  /** Deletes up to `limit` keys expired at `now`; returns how many. */
  async pruneExpired(now: Date, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM idempotency_keys WHERE (user_id, idem_key) IN (
         SELECT user_id, idem_key FROM idempotency_keys WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)`,
      [now, limit],
    );
    return rowCount;
  }
}
