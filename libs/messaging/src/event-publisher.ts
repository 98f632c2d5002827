import { type Envelope, isMessageType, parseMessage, routesOf } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import type { Database, SqlExecutor, SqlFragment } from '@commlab/persistence';
import { SpanKind, trace } from '@opentelemetry/api';

import { enqueueOutboxRows, outboxInsert, type OutboxRow } from './enqueue-outbox';
import type { LiveFeedFields, LiveFeedSink } from './live-feed-line';
import { messageAttributes, MESSAGING_ATTRIBUTES } from './messaging-attributes';
import { describeDestination, type OutboxDestination } from './outbox-destination';
import { type ProcessOnceResult, recordInInbox } from './process-once';
import { captureTraceContext, inSpan } from './trace-context';

/** Runs `work` in one transaction — `Database.transaction`, or a service's retrying wrapper around it. */
export type TransactionRunner = <T>(work: (tx: SqlExecutor) => Promise<T>) => Promise<T>;

/** What a use case can do inside its transaction. */
export interface UnitOfWork {
  /** The transaction: write the business change with it. */
  readonly tx: SqlExecutor;
  /**
   * Stages `message` for every destination its type has (MESSAGE_ROUTES in libs/contracts), one outbox
   * row each, keyed by the envelope's `subject`; every staged row is written in one statement when the
   * unit's work returns, before the commit. The relay publishes them after the commit — never if the
   * transaction rolls back.
   */
  publish(message: Envelope): Promise<void>;
  /** One line for the live feed, posted after the commit (never when the transaction rolls back). */
  announce(event: string, fields?: LiveFeedFields): void;
  /**
   * The INSERT of the outbox rows staged so far, for the use case's own last statement (a data-modifying
   * CTE, `onlyIf` as in `outboxInsert`): one round trip fewer. Those rows are then not written again
   * when the work returns; rows staged later are.
   */
  takeOutboxInsert(onlyIf?: string): SqlFragment;
}

/** What a use case can do before its one statement (`EventPublisher.inOneStatement`): stage and announce. */
export type StagingUnit = Omit<UnitOfWork, 'tx' | 'takeOutboxInsert'>;

/**
 * A use case's writes as data-modifying CTEs of one statement (`EventPublisher.inOneStatement`):
 * `name AS (INSERT …)` CTEs, separated by commas. They run beside the outbox INSERT (CTE `outbox_rows`),
 * on the tables as they were before the statement.
 */
export type OneStatementWrites = SqlFragment;

export interface EventPublisherOptions {
  db: Database;
  /** Woken after each commit that staged a message, so the relay publishes at once (OutboxRelay). */
  relay?: { notify(): void };
  /** Where announcements go after the commit (the Redis live feed); none → they are dropped. */
  feed?: LiveFeedSink;
  /** The destinations of a message type (default: libs/contracts' `routesOf`). */
  routes?: (type: string) => readonly OutboxDestination[];
}

/** The outbox row id of a message's `index`-th destination: the envelope id, then `<id>@<destination>`. */
export function outboxRowId(message: Envelope, destination: OutboxDestination, index: number): string {
  return index === 0 ? message.id : `${message.id}@${describeDestination(destination)}`;
}

/**
 * Producers are strict: a message of a known type is checked against its schema with unknown fields
 * refused, before anything is staged — readers tolerate fields they do not know, so a producer must never
 * send one its version does not define. A refusal is a bug in the producer (500 INVALID_OUTGOING_MESSAGE);
 * the transaction rolls back.
 */
function checkOutgoing(message: Envelope): AppError | undefined {
  if (!isMessageType(message.type)) return undefined;
  const checked = parseMessage(message, { unknownFields: 'reject' });
  if (checked.ok) return undefined;
  return new AppError({
    code: 'INVALID_OUTGOING_MESSAGE',
    kind: 'internal',
    message: `refusing to publish an invalid ${message.type}: ${checked.error.message}`,
    details: { type: message.type, issues: checked.error.issues },
  });
}

class StagedUnit implements UnitOfWork {
  readonly rows: OutboxRow[] = [];
  readonly announcements: [string, LiveFeedFields][] = [];

  constructor(
    readonly tx: SqlExecutor,
    private readonly routes: (type: string) => readonly OutboxDestination[],
  ) {}

  publish(message: Envelope): Promise<void> {
    const refusal = checkOutgoing(message);
    if (refusal !== undefined) return Promise.reject(refusal);
    const destinations = this.routes(message.type);
    if (destinations.length === 0) {
      return Promise.reject(
        new TypeError(`${message.type} has no route: add it to MESSAGE_ROUTES in libs/contracts.`),
      );
    }
    // One `create` span per message (the OpenTelemetry messaging conventions' creation context, for a
    // message created apart from its sending): the envelope's tracing extension and every row keep it.
    return inSpan(
      `create ${message.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          ...messageAttributes({ ...message, correlationId: message.correlationid }),
          [MESSAGING_ATTRIBUTES.operationType]: 'create',
          [MESSAGING_ATTRIBUTES.operationName]: 'create',
        },
      },
      () => {
        const creation = captureTraceContext();
        const traced: Envelope =
          message.traceparent !== undefined || creation.traceparent === undefined
            ? message
            : { ...message, ...creation };
        for (const [index, destination] of destinations.entries()) {
          this.rows.push({
            message: traced,
            destination,
            rowId: outboxRowId(message, destination, index),
            trace: creation,
          });
        }
        return Promise.resolve();
      },
    );
  }

  /** Rows already written by the use case's own statement (takeOutboxInsert). */
  private taken = 0;

  takeOutboxInsert(onlyIf?: string): SqlFragment {
    const insert = outboxInsert(this.rows.slice(this.taken), onlyIf);
    this.taken = this.rows.length;
    return insert;
  }

  /** Writes every staged row not taken yet in one statement, at the end of the unit's work (before its commit). */
  flush(): Promise<void> {
    return enqueueOutboxRows(this.tx, this.rows.slice(this.taken));
  }

  announce(event: string, fields: LiveFeedFields = {}): void {
    this.announcements.push([event, fields]);
  }
}

/**
 * The event-publishing port: use cases say *what happened*, never *where it goes*. `transaction` runs the
 * use case's writes and stages its messages in ONE transaction (the transactional outbox); after the
 * commit it wakes the relay and posts the announced live-feed lines. A retried transaction (a runner that
 * runs `work` again) keeps only what its committed attempt staged and announced.
 */
export class EventPublisher {
  private readonly routes: (type: string) => readonly OutboxDestination[];

  constructor(private readonly options: EventPublisherOptions) {
    this.routes = options.routes ?? routesOf;
  }

  async transaction<T>(work: (unit: UnitOfWork) => Promise<T>, runner?: TransactionRunner): Promise<T> {
    const run: TransactionRunner = runner ?? ((fn) => this.options.db.transaction(fn));
    let committed: StagedUnit | undefined;
    // One span for the unit of work: its queries (and retries) and the messages it stages nest under it.
    const result = await inSpan('transaction', { kind: SpanKind.INTERNAL }, async (span) => {
      const value = await run(async (tx) => {
        const unit = new StagedUnit(tx, this.routes);
        committed = unit;
        const staged = await work(unit);
        await unit.flush();
        return staged;
      });
      span.setAttribute('commlab.outbox.staged', committed?.rows.length ?? 0);
      return value;
    });
    if (committed !== undefined) this.afterCommit(committed);
    return result;
  }

  /**
   * `transaction` for a use case whose writes are known before any of them runs (no read decides them):
   * `work` stages its messages and returns its writes, and the writes and the outbox rows of those
   * messages are data-modifying CTEs of ONE statement, sent without a transaction of its own — atomic on
   * its own (all commit or none), one round trip instead of BEGIN, the writes, the outbox INSERT, COMMIT.
   * The same `transaction` span, checks on the messages, relay wake-up and live-feed lines after the
   * commit; nothing is staged or announced when the statement fails.
   */
  async inOneStatement(work: (unit: StagingUnit) => Promise<OneStatementWrites>): Promise<void> {
    const unit = new StagedUnit(this.options.db, this.routes);
    await inSpan('transaction', { kind: SpanKind.INTERNAL }, async (span) => {
      const writes = await work(unit);
      const outbox = outboxInsert(unit.rows);
      await this.options.db.query(
        `WITH outbox_rows AS (${outbox.sql(1)}),
         ${writes.sql(outbox.params.length + 1)}
         SELECT 1`,
        [...outbox.params, ...writes.params],
      );
      span.setAttribute('commlab.outbox.staged', unit.rows.length);
    });
    this.afterCommit(unit);
  }

  /**
   * The same for a message a consumer received: `(consumer, messageId)` goes into the inbox in the
   * transaction that commits the effect, so a redelivery changes nothing and publishes nothing
   * (`duplicate`). If `work` throws, everything rolls back — the inbox row included — and a redelivery can
   * process the message.
   */
  async transactionOnce<T>(
    inbox: { consumer: string; messageId: string },
    work: (unit: UnitOfWork) => Promise<T>,
    runner?: TransactionRunner,
  ): Promise<ProcessOnceResult<T>> {
    return this.transaction(async (unit): Promise<ProcessOnceResult<T>> => {
      const first = await recordInInbox(unit.tx, inbox.consumer, inbox.messageId);
      // A redelivery continues the trace it came with; this says it changed nothing.
      trace.getActiveSpan()?.setAttribute(MESSAGING_ATTRIBUTES.inboxDuplicate, !first);
      if (!first) return { status: 'duplicate' };
      return { status: 'processed', result: await work(unit) };
    }, runner);
  }

  /** A live-feed line now, for something that wrote nothing (fire-and-forget). */
  announce(event: string, fields: LiveFeedFields = {}): void {
    this.options.feed?.publish(event, fields);
  }

  private afterCommit(unit: StagedUnit): void {
    if (unit.rows.length > 0) this.options.relay?.notify();
    for (const [event, fields] of unit.announcements) this.options.feed?.publish(event, fields);
  }
}
