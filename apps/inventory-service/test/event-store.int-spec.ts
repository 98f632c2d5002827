import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadConfig } from '@commlab/config';
import { AppError } from '@commlab/errors';
import { STOCK_CONTENTION_EVENT } from '@commlab/contracts';
import { EventPublisher, type LiveFeedFields, type LiveFeedSink } from '@commlab/messaging';
import { DatabaseError, type SqlExecutor } from '@commlab/persistence';
import { freePort } from '@commlab/testing';

import { inventoryConfigSchema, type RunningInventoryService, startInventoryService } from '../src';
import { ReservationRepository } from '../src/reservations/reservation.repository';
import { ReserveStock } from '../src/reservations/reserve-stock.use-case';
import { replayStock } from '../src/stock/stock-state';
import { StockRepository, type VersionedStockLevel } from '../src/stock/stock.repository';
import { isStreamConflict, STREAM_VERSION_CONSTRAINT } from '../src/store/stream-conflict';
import { inventoryHttpClient } from './inventory-clients';
import { pgliteInMemory, postgres } from './support/store-backends';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

const rabbitmqUrl = useThrowawayRabbitMq('inventory-event-store');
const tokens = useTestTokenIssuer();

jest.setTimeout(30_000);

/** Test-only SKUs, each used by one test. */
const TEST_SKUS = [
  { sku: 'es-race', unitPriceCents: 100, currency: 'USD', initialStock: 10 },
  { sku: 'es-pair-a', unitPriceCents: 100, currency: 'USD', initialStock: 30 },
  { sku: 'es-pair-b', unitPriceCents: 100, currency: 'USD', initialStock: 8 },
  { sku: 'es-conflict', unitPriceCents: 100, currency: 'USD', initialStock: 10 },
  { sku: 'es-contention', unitPriceCents: 100, currency: 'USD', initialStock: 10 },
  { sku: 'es-as-of', unitPriceCents: 400, currency: 'USD', initialStock: 10 },
  { sku: 'es-multi-a', unitPriceCents: 100, currency: 'USD', initialStock: 5 },
  { sku: 'es-multi-b', unitPriceCents: 100, currency: 'USD', initialStock: 5 },
  { sku: 'es-same-id', unitPriceCents: 100, currency: 'USD', initialStock: 10 },
  { sku: 'es-statements', unitPriceCents: 100, currency: 'USD', initialStock: 10 },
];

const id = (prefix: string) => `${prefix}-${randomUUID()}`;

/** A live feed that keeps what it is given. */
class RecordingFeed implements LiveFeedSink {
  readonly lines: [string, LiveFeedFields][] = [];

  publish(event: string, fields: LiveFeedFields = {}): void {
    this.lines.push([event, fields]);
  }
}

/** A StockRepository whose reads answer what was read earlier, as if another transaction appended since. */
class StaleReads extends StockRepository {
  reads = 0;

  constructor(
    private readonly stale: VersionedStockLevel[],
    private readonly staleReads: number,
  ) {
    super();
  }

  override async readLevelsUnlessTaken(
    sql: SqlExecutor,
    reservationId: string,
    skus: readonly string[],
  ): Promise<Map<string, VersionedStockLevel> | 'taken'> {
    this.reads += 1;
    if (this.reads <= this.staleReads) return new Map(this.stale.map((level) => [level.sku, { ...level }]));
    return super.readLevelsUnlessTaken(sql, reservationId, skus);
  }
}

describe.each([pgliteInMemory, postgres()])('inventory event store on $name', (backend) => {
  let service: RunningInventoryService;
  let http: ReturnType<typeof inventoryHttpClient>;
  const stock = new StockRepository();

  beforeAll(async () => {
    const { url, schema } = await backend.setup();
    const config = loadConfig(inventoryConfigSchema, {
      RABBITMQ_URL: rabbitmqUrl(),
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      INVENTORY_HTTP_PORT: '0',
      INVENTORY_GRPC_PORT: String(await freePort()),
      INVENTORY_DATA_DIR: 'memory://',
      AUTH_HTTP_URL: tokens.authUrl,
      // No Kafka here: a port nothing listens on, never a running stack's 9092.
      KAFKA_BROKERS: `127.0.0.1:${String(await freePort())}`,
      ...(url === undefined ? {} : { DATABASE_URL: url }),
    });
    service = await startInventoryService(config, {
      seedItems: TEST_SKUS,
      ...(schema === undefined ? {} : { databaseSchema: schema }),
    });
    http = inventoryHttpClient(service.httpUrl, () => tokens.serviceToken());
  });

  afterAll(async () => {
    await service.close();
    await backend.teardown();
  });

  /** Full replay of the stream, the snapshot row, the service's answer: they must all agree. */
  async function expectConsistent(sku: string, available: number, version: number) {
    const events = await stock.listEvents(service.database, sku, 0, 10_000);
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: version }, (_, n) => n + 1));
    expect(replayStock(events)).toEqual({ available, version });
    expect(await stock.readSnapshot(service.database, sku)).toEqual({ available, version });
    expect(await stock.readStreams(service.database, [sku])).toMatchObject([{ sku, available, version }]);
    expect((await http.get(`/stock/${sku}`)).body).toMatchObject({ sku, available });
    return events;
  }

  const reserve = (sku: string, quantity: number, reservationId = id('es')) =>
    http.post('/reservations', { reservationId, items: [{ sku, quantity }] });

  it('50 concurrent reservations of a SKU with 10: exactly 10, never oversold; replay = snapshot', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const result = await reserve('es-race', 1);
        return result.status === 201 ? 'reserved' : String(result.body.code);
      }),
    );
    expect(outcomes.filter((outcome) => outcome === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === 'OUT_OF_STOCK')).toHaveLength(40);

    const events = await expectConsistent('es-race', 0, 51);
    expect(events.filter((event) => event.type === 'StockReserved')).toHaveLength(10);
    expect(events.filter((event) => event.type === 'ReservationRejected')).toHaveLength(40);
    // Every prefix of the stream is a valid state (the reducer refuses stock below zero).
    for (let n = 1; n <= events.length; n += 1) {
      expect(replayStock(events.slice(0, n)).available).toBeGreaterThanOrEqual(0);
    }
  });

  it('concurrent two-SKU reservations stay all-or-nothing across both streams', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const result = await http.post('/reservations', {
          reservationId: id('pair'),
          items: [
            { sku: 'es-pair-a', quantity: 1 },
            { sku: 'es-pair-b', quantity: 1 },
          ],
        });
        return result.status === 201 ? 'reserved' : String(result.body.code);
      }),
    );
    expect(outcomes.filter((outcome) => outcome === 'reserved')).toHaveLength(8);
    expect(outcomes.filter((outcome) => outcome === 'OUT_OF_STOCK')).toHaveLength(12);
    // a: 1 StockAdded + 8 reserved (rejections name only the short SKU, b); b: 1 + 8 + 12 rejected.
    await expectConsistent('es-pair-a', 22, 9);
    await expectConsistent('es-pair-b', 0, 21);
  });

  it('an append expecting a stale version fails with 23505 on (sku, version) and changes nothing', async () => {
    const [read] = await stock.readStreams(service.database, ['es-conflict']);
    if (read === undefined) throw new Error('es-conflict not seeded');
    const append = () =>
      service.database.transaction((tx) =>
        stock.append(tx, read, [{ type: 'StockReserved', quantity: 1, reservationId: null }]),
      );
    await append(); // the first transaction that read version 1 wins: version 2
    const lost = await append().catch((error: unknown) => error); // the second one read version 1 too
    expect(lost).toBeInstanceOf(DatabaseError);
    expect(lost).toMatchObject({ sqlState: '23505', constraint: STREAM_VERSION_CONSTRAINT });
    await expectConsistent('es-conflict', 9, 2);
  });

  it('appends to several streams in one statement; stale versions change none of them', async () => {
    const levels = await stock.readStreams(service.database, ['es-multi-a', 'es-multi-b']);
    const appendEach = (quantity: number) =>
      service.database.transaction(async (tx) => {
        let statements = 0;
        const counted = {
          query: <Row>(sql: string, params?: readonly unknown[]) => {
            statements += 1;
            return tx.query<Row>(sql, params);
          },
        };
        await stock.appendAll(
          counted,
          levels.map((level) => ({
            level,
            event: { type: 'StockReserved' as const, quantity, reservationId: null },
          })),
        );
        return statements;
      });
    expect(await appendEach(1)).toBe(1);
    // Both streams moved past the versions read: the second append conflicts on both, and writes nothing.
    const lost = await appendEach(2).catch((error: unknown) => error);
    expect(isStreamConflict(lost)).toBe(true);
    await expectConsistent('es-multi-a', 4, 2);
    await expectConsistent('es-multi-b', 4, 2);
  });

  it('one reservation id sent 10 times at once: reserved once, the same answer every time', async () => {
    const reservationId = id('same');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => reserve('es-same-id', 3, reservationId)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array<number>(10).fill(201));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    const events = await expectConsistent('es-same-id', 7, 2);
    expect(events[1]).toMatchObject({ type: 'StockReserved', quantity: 3, reservationId });
    // One StockReserved published: the requests that lost the race wrote no outbox row either.
    const { rows } = await service.database.query<{ type: string }>(
      `SELECT envelope->>'type' AS type FROM outbox_messages WHERE envelope->>'subject' = $1`,
      [reservationId],
    );
    expect(rows).toEqual([{ type: 'commlab.stock.reserved.v1' }]);
  });

  it('a new reservation is one read and one write in its transaction, its outbox row included', async () => {
    const statements: string[] = [];
    const counted = new Proxy(service.database, {
      get: (target, property, receiver) =>
        property === 'transaction'
          ? (work: (tx: SqlExecutor) => Promise<unknown>, options?: unknown) =>
              target.transaction(
                (tx) =>
                  work({
                    query: (sql, params) => {
                      statements.push(sql.trim().split(/\s+/).slice(0, 4).join(' '));
                      return tx.query(sql, params);
                    },
                  }),
                options as Parameters<typeof target.transaction>[1],
              )
          : (Reflect.get(target, property, receiver) as unknown),
    });
    const useCase = new ReserveStock(
      counted,
      new StockRepository(),
      new ReservationRepository(),
      new EventPublisher({ db: counted, feed: new RecordingFeed() }),
    );
    const reservationId = id('counted');
    await useCase.execute(
      { reservationId, orderId: reservationId, items: [{ sku: 'es-statements', quantity: 1 }] },
      {},
      'grpc',
    );
    // The read (is the id taken? the streams), the write (reservation, lines, events, snapshots, outbox row).
    expect(statements).toEqual(['SELECT EXISTS (SELECT 1', 'WITH guard AS (']);
    const { rows } = await service.database.query<{ type: string }>(
      `SELECT envelope->>'type' AS type FROM outbox_messages WHERE envelope->>'subject' = $1`,
      [reservationId],
    );
    expect(rows).toEqual([{ type: 'commlab.stock.reserved.v1' }]);
    await expectConsistent('es-statements', 9, 2);
  });

  it('a command whose append conflicts re-reads the streams and succeeds on the fresh version', async () => {
    const stale = await stock.readStreams(service.database, ['es-conflict']); // version 2, 9 available
    expect((await reserve('es-conflict', 2)).status).toBe(201); // someone else appends version 3
    const reads = new StaleReads(stale, 1);
    const feed = new RecordingFeed();
    const useCase = new ReserveStock(
      service.database,
      reads,
      new ReservationRepository(),
      new EventPublisher({ db: service.database, feed }),
    );
    const reservationId = id('retried');
    const reservation = await useCase.execute(
      { reservationId, orderId: reservationId, items: [{ sku: 'es-conflict', quantity: 3 }] },
      {},
      'grpc',
    );
    expect(reservation).toMatchObject({ reservationId, totalCents: 300 });
    expect(reads.reads).toBe(2);
    // The lost race was on the live feed as it happened: the version the stale read expected.
    expect(feed.lines.filter(([event]) => event === STOCK_CONTENTION_EVENT)).toEqual([
      [
        STOCK_CONTENTION_EVENT,
        {
          sku: 'es-conflict',
          expectedVersion: 2,
          reservationId,
          orderId: reservationId,
          retry: 1,
          gaveUp: false,
          transport: 'grpc',
        },
      ],
    ]);
    const events = await expectConsistent('es-conflict', 4, 4);
    expect(events[3]).toMatchObject({ type: 'StockReserved', quantity: 3, reservationId });
  });

  it('gives up with 503 STOCK_CONTENTION (retriable) after 20 conflicting attempts, reserving nothing', async () => {
    const stale = await stock.readStreams(service.database, ['es-contention']);
    expect((await reserve('es-contention', 1)).status).toBe(201);
    const reads = new StaleReads(stale, Number.POSITIVE_INFINITY);
    const feed = new RecordingFeed();
    const useCase = new ReserveStock(
      service.database,
      reads,
      new ReservationRepository(),
      new EventPublisher({ db: service.database, feed }),
    );
    const reservationId = id('starved');
    const error = await useCase
      .execute(
        { reservationId, orderId: reservationId, items: [{ sku: 'es-contention', quantity: 1 }] },
        {},
        'rest',
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'STOCK_CONTENTION', httpStatus: 503, retriable: true });
    expect(reads.reads).toBe(20);
    const conflicts = feed.lines
      .filter(([event]) => event === STOCK_CONTENTION_EVENT)
      .map(([, line]) => line);
    expect(conflicts.map((line) => line.retry)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(conflicts.map((line) => line.gaveUp)).toEqual([...Array<boolean>(19).fill(false), true]);
    await expectConsistent('es-contention', 9, 2);
    expect((await http.delete(`/reservations/${reservationId}`)).status).toBe(404);
  });

  it('answers GET /stock/{sku}?at= as of that moment, by replaying the events up to it', async () => {
    const first = id('as-of-1');
    expect((await reserve('es-as-of', 2, first)).status).toBe(201);
    await sleep(25);
    expect((await reserve('es-as-of', 3)).status).toBe(201);
    const events = await expectConsistent('es-as-of', 5, 3);
    const [added, reserved, later] = events;
    if (added === undefined || reserved === undefined || later === undefined) throw new Error('events');

    // Between the two reservations (midway, so millisecond rounding cannot matter).
    const between = new Date((reserved.occurredAt.getTime() + later.occurredAt.getTime()) / 2).toISOString();
    expect(await http.get(`/stock/es-as-of?at=${between}`)).toEqual({
      status: 200,
      body: {
        sku: 'es-as-of',
        available: 8,
        unitPriceCents: 400,
        currency: 'USD',
        version: 2,
        asOf: between,
      },
    });
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await http.get(`/stock/es-as-of?at=${future}`)).body).toMatchObject({ available: 5, version: 3 });
    // Before the first event: nothing yet. An offset is accepted and normalized to UTC.
    expect(
      (await http.get(`/stock/es-as-of?at=${encodeURIComponent('2000-01-01T02:00:00+02:00')}`)).body,
    ).toEqual({
      sku: 'es-as-of',
      available: 0,
      unitPriceCents: 400,
      currency: 'USD',
      version: 0,
      asOf: '2000-01-01T00:00:00.000Z',
    });
    // The release shows up only from its moment on.
    await http.delete(`/reservations/${first}`);
    expect((await http.get(`/stock/es-as-of?at=${between}`)).body).toMatchObject({
      available: 8,
      version: 2,
    });
    expect((await http.get('/stock/es-as-of')).body).toEqual({
      sku: 'es-as-of',
      available: 7,
      unitPriceCents: 400,
      currency: 'USD',
    });
  });

  it('refuses a malformed ?at= with 400 VALIDATION_FAILED, and an unknown SKU with 404', async () => {
    for (const at of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '']) {
      expect(await http.get(`/stock/es-as-of?at=${encodeURIComponent(at)}`)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(await http.get('/stock/no-such-sku?at=2026-01-01T00:00:00Z')).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_SKU' },
    });
  });
});
