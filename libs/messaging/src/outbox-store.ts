import type { Envelope } from '@commlab/contracts';
import type { Database, SqlExecutor } from '@commlab/persistence';

import type { OutboxDestination } from './outbox-destination';
import type { OutboxMessage } from './outbox-publisher';

interface ClaimRow {
  sequence: string;
  message_id: string;
  destination: OutboxDestination;
  message_key: string;
  envelope: Envelope;
  attempts: number;
  created_at: Date;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * Claims due PENDING rows in sequence order for one relay — ONE statement, so one round trip and no
 * transaction of its own (it was BEGIN, SELECT … FOR UPDATE, UPDATE, COMMIT: four, for every batch and
 * every poll): the candidates are read with FOR UPDATE SKIP LOCKED (a concurrent relay skips rows another
 * one is claiming), and a lease (`claimed_until`) goes on the rows that may go now, so the publish itself
 * runs outside any transaction.
 *
 * A row may go only when every earlier PENDING row with the same key is in this very claim: rows behind
 * a message waiting for its retry or leased by another relay are filtered by NOT EXISTS (so they do not
 * fill the batch), rows behind one a concurrent claim holds locked by comparing the earlier PENDING rows
 * of the key (`earlier_pending`) with the candidates of the key before it in this claim (`in_claim`).
 */
export async function claimDueMessages(
  db: Database,
  relayId: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<OutboxMessage[]> {
  const { rows } = await db.query<ClaimRow>(
    `WITH candidate AS (
       SELECT o.sequence, o.message_key,
              (SELECT count(*) FROM outbox_messages e
                WHERE e.status = 'PENDING' AND e.message_key = o.message_key AND e.sequence < o.sequence
              ) AS earlier_pending
         FROM outbox_messages o
        WHERE o.status = 'PENDING'
          AND (o.attempts = 0 OR o.next_attempt_at <= $1)
          AND (o.claimed_until IS NULL OR o.claimed_until <= $1)
          AND NOT EXISTS (
                SELECT 1 FROM outbox_messages b
                 WHERE b.status = 'PENDING' AND b.message_key = o.message_key AND b.sequence < o.sequence
                   AND ((b.attempts > 0 AND b.next_attempt_at > $1) OR b.claimed_until > $1))
        ORDER BY o.sequence
        LIMIT $2
        FOR UPDATE OF o SKIP LOCKED
     ), claimable AS (
       SELECT sequence FROM (
         SELECT sequence, earlier_pending,
                row_number() OVER (PARTITION BY message_key ORDER BY sequence) - 1 AS in_claim
           FROM candidate) ranked
        WHERE earlier_pending = in_claim
     )
     UPDATE outbox_messages m SET claimed_by = $3, claimed_until = $4
       FROM claimable WHERE m.sequence = claimable.sequence
     RETURNING m.sequence, m.message_id, m.destination, m.message_key, m.envelope, m.attempts, m.created_at,
               m.traceparent, m.tracestate`,
    [now, limit, relayId, leaseUntil],
  );
  return rows
    .map((row): OutboxMessage => ({
      sequence: Number(row.sequence),
      messageId: row.message_id,
      destination: row.destination,
      key: row.message_key,
      envelope: row.envelope,
      attempts: row.attempts,
      createdAt: row.created_at,
      trace: {
        ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
        ...(row.tracestate === null ? {} : { tracestate: row.tracestate }),
      },
    }))
    .sort((a, b) => a.sequence - b.sequence);
}

/**
 * The rows' sequences as one array parameter: `sequence = ANY($n::bigint[])` is an index scan on the
 * primary key (an `IN (SELECT jsonb_array_elements_text(…))` of unknown size was planned as a sequential
 * scan of the whole outbox, every batch).
 */
function sequencesOf(messages: readonly OutboxMessage[]): string[] {
  return messages.map((message) => String(message.sequence));
}

export async function markSent(
  db: SqlExecutor,
  messages: readonly OutboxMessage[],
  now: Date,
): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `UPDATE outbox_messages
        SET status = 'SENT', sent_at = $1, attempts = attempts + 1, last_error = NULL,
            claimed_by = NULL, claimed_until = NULL
      WHERE sequence = ANY($2::bigint[]) AND status = 'PENDING'`,
    [now, sequencesOf(messages)],
  );
}

export async function markFailed(
  db: SqlExecutor,
  message: OutboxMessage,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE outbox_messages
        SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, claimed_by = NULL, claimed_until = NULL
      WHERE sequence = $1 AND status = 'PENDING'`,
    [message.sequence, nextAttemptAt, error],
  );
}

/** Gives rows back without counting an attempt (they were claimed but not published). */
export async function releaseClaims(db: SqlExecutor, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `UPDATE outbox_messages SET claimed_by = NULL, claimed_until = NULL
      WHERE sequence = ANY($1::bigint[]) AND status = 'PENDING'`,
    [sequencesOf(messages)],
  );
}

export interface OutboxStats {
  pending: number;
  sent: number;
  /** PENDING rows whose last publish attempt failed (waiting for a retry). */
  failing: number;
  /** Age of the oldest PENDING row, 0 when none. */
  oldestPendingAgeMs: number;
}

export async function readOutboxStats(db: SqlExecutor, now: Date): Promise<OutboxStats> {
  const { rows } = await db.query<{ pending: string; sent: string; failing: string; oldest: Date | null }>(
    `SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
            count(*) FILTER (WHERE status = 'SENT') AS sent,
            count(*) FILTER (WHERE status = 'PENDING' AND attempts > 0) AS failing,
            min(created_at) FILTER (WHERE status = 'PENDING') AS oldest
       FROM outbox_messages`,
  );
  const row = rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    sent: Number(row?.sent ?? 0),
    failing: Number(row?.failing ?? 0),
    oldestPendingAgeMs: row?.oldest ? Math.max(0, now.getTime() - row.oldest.getTime()) : 0,
  };
}

/**
 * Deletes SENT rows sent before `olderThan`, at most `limit` of them (oldest first, so a big backlog goes
 * in short transactions); PENDING rows are never deleted. Returns how many were deleted.
 */
export async function pruneSentOutbox(db: SqlExecutor, olderThan: Date, limit = 1_000): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM outbox_messages WHERE sequence IN (
       SELECT sequence FROM outbox_messages WHERE status = 'SENT' AND sent_at < $1 ORDER BY sent_at LIMIT $2)`,
    [olderThan, limit],
  );
  return rowCount;
}
