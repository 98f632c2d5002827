import { createEnvelope, type Envelope, ORDER_PLACED_V2, sampleMessages } from '@commlab/contracts';
import { type Database, type Migration, openDatabase, type SqlExecutor } from '@commlab/persistence';
import { dropSchemas, requirePostgres, throwawaySchemaName } from '@commlab/testing';

import type { Clock } from '@commlab/resilience';
import type { OutboxMessage, OutboxPublisher, PublishResult } from '../src';
import { INBOX_MIGRATIONS, OUTBOX_MIGRATIONS } from '../src';

/** The service's own tables: the messaging tables come after them, as a service would append them. */
export const TEST_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_create_orders',
    sql: `CREATE TABLE orders (id text PRIMARY KEY, total_cents integer NOT NULL);
          CREATE TABLE counters (name text PRIMARY KEY, n integer NOT NULL);`,
  },
  ...OUTBOX_MIGRATIONS,
  ...INBOX_MIGRATIONS,
];

/** Opens stores of one backend; PostgreSQL stores share one throwaway schema, dropped in `teardown`. */
export interface Backend {
  name: 'pglite' | 'postgres';
  setup(): Promise<void>;
  /** A new connection (pool) to the same store on PostgreSQL; the one PGlite instance otherwise. */
  open(): Promise<Database>;
  teardown(): Promise<void>;
}

export function pgliteBackend(): Backend {
  let db: Database | undefined;
  return {
    name: 'pglite',
    setup: async () => {
      db = await openDatabase({ service: 'messaging-test', migrations: TEST_MIGRATIONS });
    },
    open: () => {
      if (!db) throw new Error('setup first');
      return Promise.resolve(db);
    },
    teardown: async () => {
      await db?.close();
    },
  };
}

export function postgresBackend(): Backend {
  let url = '';
  const schema = throwawaySchemaName('messaging_test');
  const opened: Database[] = [];
  return {
    name: 'postgres',
    setup: async () => {
      url = await requirePostgres();
    },
    open: async () => {
      const db = await openDatabase({ service: 'messaging-test', url, schema, migrations: TEST_MIGRATIONS });
      opened.push(db);
      return db;
    },
    teardown: async () => {
      await Promise.all(opened.map((db) => db.close()));
      if (url !== '') await dropSchemas(url, [schema]);
    },
  };
}

/** A valid OrderPlaced (the registry's sample, for `orderId`): producers refuse an invalid one. */
export function orderPlaced(orderId: string, id?: string): Envelope {
  return createEnvelope({
    type: ORDER_PLACED_V2,
    source: '/commlab/messaging-test',
    subject: orderId,
    data: { ...sampleMessages()[ORDER_PLACED_V2].data, orderId },
    ...(id === undefined ? {} : { id }),
  });
}

/** The value of a row of the test table `counters` (0 when it has none). */
export async function readCounter(db: SqlExecutor, name: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT n FROM counters WHERE name = $1', [name]);
  return rows[0]?.n ?? 0;
}

/**
 * `db` with every statement it sends recorded in `statements` (in and out of transactions, BEGIN and
 * COMMIT as `BEGIN` / `COMMIT`), to check how many round trips something takes.
 */
export function recordingStatements(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const recording =
    (executor: Pick<Database, 'query'>): Database['query'] =>
    (sql, params) => {
      statements.push(sql.replace(/\s+/g, ' ').trim());
      return executor.query(sql, params);
    };
  const recorded: Database = {
    kind: db.kind,
    query: recording(db),
    transaction: (fn, options) =>
      db.transaction(async (tx) => {
        statements.push('BEGIN');
        const result = await fn({ query: recording(tx) });
        statements.push('COMMIT');
        return result;
      }, options),
    ping: (timeoutMs) => db.ping(timeoutMs),
    close: () => db.close(),
  };
  return { db: recorded, statements };
}

export class FakeClock implements Clock {
  constructor(private current: Date = new Date()) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records what it "published"; `fail(row)` may script a failure. */
export class InMemoryPublisher implements OutboxPublisher {
  readonly published: OutboxMessage[] = [];
  calls = 0;

  constructor(
    private readonly options: {
      fail?: (row: OutboxMessage) => Error | undefined;
      delayMs?: () => number;
      /** Also appends every published row here (one log shared by several publishers). */
      log?: OutboxMessage[];
    } = {},
  ) {}

  get publishedIds(): string[] {
    return this.published.map((row) => row.messageId);
  }

  async publish(rows: readonly OutboxMessage[]): Promise<PublishResult[]> {
    this.calls += 1;
    const delay = this.options.delayMs?.() ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return rows.map((row): PublishResult => {
      const error = this.options.fail?.(row);
      if (error) return { messageId: row.messageId, ok: false, error };
      this.published.push(row);
      this.options.log?.push(row);
      return { messageId: row.messageId, ok: true };
    });
  }
}
