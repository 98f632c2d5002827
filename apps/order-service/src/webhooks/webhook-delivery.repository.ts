import { captureTraceContext, type StoredTraceContext } from '@commlab/messaging';
import type { Database, SqlExecutor } from '@commlab/persistence';
import type { WebhookAttemptRecord } from '@commlab/webhooks';
import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '@commlab/service-kit';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'GONE' | 'FAILED';

/** A callback due now, claimed by this process until its lease ends. */
export interface DueDelivery {
  orderId: string;
  webhookId: string;
  url: string;
  payload: unknown;
  attempts: number;
  /** The trace context of the transaction that scheduled it. */
  trace: StoredTraceContext;
}

/** What GET /orders/{id} shows of the callback. */
export interface DeliveryView {
  url: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: {
    attempt: number;
    at: string;
    durationMs: number;
    outcome: string;
    statusCode: number | null;
    error: { code: string; message: string } | null;
  }[];
}

interface DeliveryRow {
  order_id: string;
  webhook_id: string;
  url: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  traceparent: string | null;
  tracestate: string | null;
}

interface AttemptRow {
  attempt: number;
  at: Date;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  error_code: string | null;
  error_message: string | null;
}

/** The durable state of callbacks: scheduled in the order's completion transaction, run by the dispatcher. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Schedules the callback in the caller's transaction (with the order's completion), in its trace. */
  async schedule(
    tx: SqlExecutor,
    delivery: { orderId: string; webhookId: string; url: string; payload: unknown },
  ) {
    const trace = captureTraceContext();
    await tx.query(
      `INSERT INTO webhook_deliveries (order_id, webhook_id, url, payload, traceparent, tracestate)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (order_id) DO NOTHING`,
      [
        delivery.orderId,
        delivery.webhookId,
        delivery.url,
        JSON.stringify(delivery.payload),
        trace.traceparent ?? null,
        trace.tracestate ?? null,
      ],
    );
  }

  /** Claims up to `limit` due deliveries for `leaseMs` (SKIP LOCKED: instances never take the same one). */
  async claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `UPDATE webhook_deliveries SET claimed_until = now() + ($2 || ' milliseconds')::interval
        WHERE order_id IN (
          SELECT order_id FROM webhook_deliveries
           WHERE status = 'PENDING' AND next_attempt_at <= now()
             AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING order_id, webhook_id, url, payload, status, attempts, traceparent, tracestate`,
      [limit, String(leaseMs)],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      webhookId: row.webhook_id,
      url: row.url,
      payload: row.payload,
      attempts: row.attempts,
      trace: {
        ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
        ...(row.tracestate === null ? {} : { tracestate: row.tracestate }),
      },
    }));
  }

  /** Stores one attempt and what follows it: done (status) or the next attempt's time. */
  async recordAttempt(
    orderId: string,
    record: WebhookAttemptRecord,
    next: { status: DeliveryStatus; retryInMs?: number },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO webhook_attempts (order_id, attempt, at, duration_ms, outcome, status_code, location,
                                       error_code, error_message)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [
          orderId,
          record.attempt,
          record.at,
          record.durationMs,
          record.outcome,
          record.statusCode ?? null,
          record.location ?? null,
          record.error?.code ?? null,
          record.error?.message ?? null,
        ],
      );
      await tx.query(
        `UPDATE webhook_deliveries
            SET attempts = $2, status = $3, claimed_until = NULL,
                next_attempt_at = now() + ($4 || ' milliseconds')::interval,
                finished_at = CASE WHEN $3 = 'PENDING' THEN NULL ELSE now() END
          WHERE order_id = $1`,
        [orderId, record.attempt, next.status, String(next.retryInMs ?? 0)],
      );
    });
  }

  /** Gives a claimed delivery back untouched (shutdown cancelled its attempt). */
  async release(orderId: string): Promise<void> {
    await this.db.query('UPDATE webhook_deliveries SET claimed_until = NULL WHERE order_id = $1', [orderId]);
  }

  async view(orderId: string): Promise<DeliveryView | null> {
    const { rows } = await this.db.query<DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE order_id = $1',
      [orderId],
    );
    const [row] = rows;
    if (row === undefined) return null;
    const attempts = await this.db.query<AttemptRow>(
      'SELECT * FROM webhook_attempts WHERE order_id = $1 ORDER BY attempt',
      [orderId],
    );
    return {
      url: row.url,
      webhookId: row.webhook_id,
      status: row.status,
      attempts: attempts.rows.map((attempt) => ({
        attempt: attempt.attempt,
        at: attempt.at.toISOString(),
        durationMs: attempt.duration_ms,
        outcome: attempt.outcome,
        statusCode: attempt.status_code,
        error:
          attempt.error_code === null
            ? null
            : { code: attempt.error_code, message: attempt.error_message ?? '' },
      })),
    };
  }
}
