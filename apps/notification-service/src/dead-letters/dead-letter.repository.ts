import type { SqlExecutor } from '@commlab/persistence';
import { cursorTimeSql, type KeysetPosition, type Page, toPage } from '@commlab/service-kit';
import { Injectable } from '@nestjs/common';

import type { DeadLetter, JsonValue } from './dead-letter';

interface DeadLetterRow {
  id: string;
  queue: string;
  dead_letter_queue: string;
  reason: string;
  error_code: string | null;
  attempts: number;
  type: string | null;
  message_id: string | null;
  content_type: string | null;
  headers: Record<string, JsonValue> | string;
  body_base64: string;
  dead_lettered_at: Date | string;
}

export interface StoredDeadLetter extends DeadLetter {
  deadLetteredAt: string;
}

export interface DeadLetterFilter {
  ids?: readonly string[];
  queue?: string;
  limit: number;
  /** Keyset: only the dead letters after this position (GET /dlq?cursor=). */
  after?: KeysetPosition;
}

/** The list name inside GET /dlq cursors. */
export const DEAD_LETTERS_LIST = 'dead-letters';

const COLUMNS = `id, queue, dead_letter_queue, reason, error_code, attempts, type, message_id, content_type,
  headers, encode(body, 'base64') AS body_base64, dead_lettered_at`;

function fromRow(row: DeadLetterRow): StoredDeadLetter {
  return {
    id: row.id,
    queue: row.queue,
    deadLetterQueue: row.dead_letter_queue,
    reason: row.reason,
    errorCode: row.error_code ?? undefined,
    attempts: row.attempts,
    type: row.type ?? undefined,
    messageId: row.message_id ?? undefined,
    contentType: row.content_type ?? undefined,
    headers:
      typeof row.headers === 'string' ? (JSON.parse(row.headers) as Record<string, JsonValue>) : row.headers,
    body: Buffer.from(row.body_base64, 'base64'),
    deadLetteredAt: new Date(row.dead_lettered_at).toISOString(),
  };
}

/** The `dead_letters` table and the only SQL that touches it. */
@Injectable()
export class DeadLetterRepository {
  /** Stores it unless the same message was stored already; true when this call stored it. */
  async insert(db: SqlExecutor, letter: DeadLetter): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO dead_letters (id, queue, dead_letter_queue, reason, error_code, attempts, type, message_id,
         content_type, headers, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, decode($11, 'base64'))
       ON CONFLICT (id) DO NOTHING`,
      [
        letter.id,
        letter.queue,
        letter.deadLetterQueue,
        letter.reason,
        letter.errorCode ?? null,
        letter.attempts,
        letter.type ?? null,
        letter.messageId ?? null,
        letter.contentType ?? null,
        JSON.stringify(letter.headers),
        // Bytes travel as base64 text: the same on PGlite and PostgreSQL, whatever the driver does with buffers.
        letter.body.toString('base64'),
      ],
    );
    return rowCount === 1;
  }

  /** The dead letters matching `filter`, oldest first (ties by id): at most `filter.limit`. */
  async list(db: SqlExecutor, filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    return (await this.select(db, filter, filter.limit)).map(fromRow);
  }

  /** A page of them, after `filter.after` (keyset), with the cursor of the next page. */
  async page(db: SqlExecutor, filter: DeadLetterFilter): Promise<Page<StoredDeadLetter>> {
    const rows = await this.select(db, filter, filter.limit + 1);
    return toPage(
      DEAD_LETTERS_LIST,
      rows,
      filter.limit,
      (row) => ({ at: row.cursor_at, id: row.id }),
      fromRow,
    );
  }

  private async select(
    db: SqlExecutor,
    filter: DeadLetterFilter,
    limit: number,
  ): Promise<(DeadLetterRow & { cursor_at: string })[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${String(params.length)}`;
    };
    if (filter.ids !== undefined) conditions.push(`id = ANY(${param([...filter.ids])}::text[])`);
    if (filter.queue !== undefined) conditions.push(`queue = ${param(filter.queue)}`);
    if (filter.after !== undefined) {
      const at = param(filter.after.at);
      const id = param(filter.after.id);
      // A row comparison: a range on the index (an OR of the two would only be a filter).
      conditions.push(`(dead_lettered_at, id) > (${at}::timestamptz, ${id})`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await db.query<DeadLetterRow & { cursor_at: string }>(
      `SELECT ${COLUMNS}, ${cursorTimeSql('dead_lettered_at')} AS cursor_at FROM dead_letters ${where}
       ORDER BY dead_lettered_at, id LIMIT ${param(limit)}`,
      params,
    );
    return rows;
  }

  /** The row, locked for this transaction; nothing if it is gone or another transaction holds it. */
  async lockForRedrive(tx: SqlExecutor, id: string): Promise<StoredDeadLetter[]> {
    const { rows } = await tx.query<DeadLetterRow>(
      `SELECT ${COLUMNS} FROM dead_letters WHERE id = $1 FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows.map(fromRow);
  }

  async delete(db: SqlExecutor, id: string): Promise<void> {
    await db.query('DELETE FROM dead_letters WHERE id = $1', [id]);
  }
}
