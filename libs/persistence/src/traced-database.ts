import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import type { Database, QueryResult, SqlExecutor, TransactionOptions } from './database';

/**
 * Attribute names of the OpenTelemetry database conventions, as OpenTelemetry's pg instrumentation sets
 * them on PostgreSQL queries (spelled here: this package depends on the vendor-neutral API only).
 */
const DB = {
  system: 'db.system.name',
  namespace: 'db.namespace',
  queryText: 'db.query.text',
  operation: 'db.operation.name',
} as const;

const tracer = trace.getTracer('@commlab/persistence');

/** `SELECT`, `INSERT`, … — the first word of the statement, upper-cased (as the pg instrumentation names it). */
export function sqlOperation(sql: string): string {
  const word = sql.trim().split(/\s+/, 1)[0] ?? '';
  return word.replace(/;$/, '').toUpperCase();
}

function startQuerySpan(sql: string, attributes: Attributes): Span | undefined {
  // Like the pg instrumentation's default (requireParentSpan): a query outside any traced work (a
  // relay's poll, a health probe) makes no trace of its own.
  if (trace.getActiveSpan()?.isRecording() !== true) return undefined;
  const operation = sqlOperation(sql);
  return tracer.startSpan(`pg.query:${operation} ${String(attributes[DB.namespace] ?? '')}`.trimEnd(), {
    kind: SpanKind.CLIENT,
    attributes: { ...attributes, [DB.queryText]: sql, [DB.operation]: operation },
  });
}

async function traced<Row>(
  sql: string,
  attributes: Attributes,
  run: () => Promise<QueryResult<Row>>,
): Promise<QueryResult<Row>> {
  const span = startQuerySpan(sql, attributes);
  if (span === undefined) return run();
  try {
    return await run();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

function tracedExecutor(executor: SqlExecutor, attributes: Attributes): SqlExecutor {
  return {
    query: <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
      traced(sql, attributes, () => executor.query<Row>(sql, params)),
  };
}

/**
 * A `Database` whose queries (in and out of transactions) make client spans named and attributed like
 * OpenTelemetry's pg instrumentation's (`pg.query:SELECT postgres`, `db.system.name`, `db.namespace`,
 * `db.query.text`), for a store no instrumentation sees: the embedded PGlite. PostgreSQL needs none —
 * the pg instrumentation traces it. Without an active span, and without an SDK, it adds nothing.
 */
export function tracedDatabase(database: Database, namespace: string): Database {
  const attributes: Attributes = {
    [DB.system]: 'postgresql',
    [DB.namespace]: namespace,
    'commlab.db.engine': database.kind,
  };
  return {
    get kind() {
      return database.kind;
    },
    query: <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
      traced(sql, attributes, () => database.query<Row>(sql, params)),
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions) =>
      database.transaction((tx) => fn(tracedExecutor(tx, attributes)), options),
    ping: (timeoutMs?: number) => database.ping(timeoutMs),
    close: () => database.close(),
  };
}
