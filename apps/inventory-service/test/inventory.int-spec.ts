import { randomUUID } from 'node:crypto';

import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';
import { status } from '@grpc/grpc-js';

import {
  DEMO_CATALOG,
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '../src';
import { seedCatalog } from '../src/catalog/seed-catalog';
import { inventoryGrpcClient, inventoryHttpClient } from './inventory-clients';
import { pgliteInMemory, postgres } from './support/store-backends';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

const rabbitmqUrl = useThrowawayRabbitMq('inventory');
const tokens = useTestTokenIssuer();

jest.setTimeout(30_000);

/** Test-only SKUs, each used by one test so stock levels are predictable. */
const TEST_SKUS = [
  { sku: 'race-sku', unitPriceCents: 500, currency: 'USD', initialStock: 10 },
  { sku: 'multi-a', unitPriceCents: 100, currency: 'USD', initialStock: 5 },
  { sku: 'multi-b', unitPriceCents: 200, currency: 'USD', initialStock: 1 },
  { sku: 'events-sku', unitPriceCents: 300, currency: 'USD', initialStock: 20 },
  { sku: 'release-sku', unitPriceCents: 700, currency: 'USD', initialStock: 8 },
  { sku: 'never-stocked', unitPriceCents: 900, currency: 'USD', initialStock: 0 },
];

const id = (prefix: string) => `${prefix}-${randomUUID()}`;

describe.each([pgliteInMemory, postgres()])('inventory-service on $name', (backend) => {
  let service: RunningInventoryService;
  let grpc: ReturnType<typeof inventoryGrpcClient>;
  let http: ReturnType<typeof inventoryHttpClient>;

  beforeAll(async () => {
    const { url, schema } = await backend.setup();
    const config = loadConfig(inventoryConfigSchema, {
      RABBITMQ_URL: rabbitmqUrl(),
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      INVENTORY_HTTP_PORT: '0',
      INVENTORY_GRPC_PORT: String(await freePort()),
      INVENTORY_DATA_DIR: 'memory://',
      SEED_DEMO_DATA: 'true',
      AUTH_HTTP_URL: tokens.authUrl,
      // No Kafka here (its events are other suites' business): a port nothing listens on, never the
      // default 9092 — a running stack's broker, whose topics this inventory's consumer groups would join.
      KAFKA_BROKERS: `127.0.0.1:${String(await freePort())}`,
      ...(url === undefined ? {} : { DATABASE_URL: url }),
    });
    service = await startInventoryService(config, {
      seedItems: TEST_SKUS,
      ...(schema === undefined ? {} : { databaseSchema: schema }),
    });
    grpc = inventoryGrpcClient(service.grpcUrl, () => tokens.serviceToken());
    http = inventoryHttpClient(service.httpUrl, () => tokens.serviceToken());
  });

  afterAll(async () => {
    grpc.close();
    await service.close();
    await backend.teardown();
  });

  const available = async (sku: string) => (await http.get(`/stock/${sku}`)).body.available;

  describe('CheckStock and GET /stock/{sku}', () => {
    it('answer the seeded price and stock, the same over both transports', async () => {
      const rest = await http.get('/stock/mug-red');
      expect(rest).toEqual({
        status: 200,
        body: { sku: 'mug-red', available: 100, unitPriceCents: 1250, currency: 'USD' },
      });
      const rpc = await grpc.checkStock({ skus: ['mug-red', 'poster-async', 'mug-red', 'tee-black'] });
      expect(rpc).toEqual({
        ok: true,
        response: {
          levels: [
            { sku: 'mug-red', available: 100, unitPriceCents: 1250, currency: 'USD' },
            { sku: 'poster-async', available: 0, unitPriceCents: 1500, currency: 'USD' },
            { sku: 'tee-black', available: 50, unitPriceCents: 2000, currency: 'USD' },
          ],
        },
      });
    });

    it('refuse unknown SKUs: 404 / NOT_FOUND with UNKNOWN_SKU naming them', async () => {
      expect(await http.get('/stock/no-such-sku')).toEqual({
        status: 404,
        body: {
          statusCode: 404,
          code: 'UNKNOWN_SKU',
          message: 'unknown SKU: no-such-sku',
          details: { skus: ['no-such-sku'] },
        },
      });
      expect(await grpc.checkStock({ skus: ['mug-red', 'nope-1', 'nope-2'] })).toMatchObject({
        ok: false,
        code: status.NOT_FOUND,
        errorCode: 'UNKNOWN_SKU',
        message: 'unknown SKUs: nope-1, nope-2',
        details: { skus: ['nope-1', 'nope-2'] },
      });
    });

    it('refuse malformed requests: 400 / INVALID_ARGUMENT with INVALID_REQUEST', async () => {
      expect((await http.get('/stock/Not_A_Sku')).body).toMatchObject({ code: 'VALIDATION_FAILED' });
      for (const skus of [[], ['BAD SKU'], Array.from({ length: 101 }, (_, n) => `sku-${n}`)]) {
        expect(await grpc.checkStock({ skus })).toMatchObject({
          ok: false,
          code: status.INVALID_ARGUMENT,
          errorCode: 'INVALID_REQUEST',
        });
      }
    });
  });

  describe('ReserveStock and POST /reservations', () => {
    it('reserve with prices and totals, summing a SKU listed twice, the same over both transports', async () => {
      const restId = id('rest');
      const rest = await http.post('/reservations', {
        reservationId: restId,
        orderId: 'order-1',
        items: [
          { sku: 'mug-red', quantity: 2 },
          { sku: 'sticker-kafka', quantity: 3 },
          { sku: 'mug-red', quantity: 1 },
        ],
      });
      const expectedLines = [
        { sku: 'mug-red', quantity: 3, unitPriceCents: 1250, lineTotalCents: 3750 },
        { sku: 'sticker-kafka', quantity: 3, unitPriceCents: 100, lineTotalCents: 300 },
      ];
      expect(rest).toEqual({
        status: 201,
        body: { reservationId: restId, lines: expectedLines, totalCents: 4050, currency: 'USD' },
      });

      const grpcId = id('grpc');
      const rpc = await grpc.reserveStock({
        reservationId: grpcId,
        orderId: 'order-2',
        items: [
          { sku: 'mug-red', quantity: 2 },
          { sku: 'sticker-kafka', quantity: 3 },
          { sku: 'mug-red', quantity: 1 },
        ],
      });
      expect(rpc).toEqual({
        ok: true,
        response: { reservationId: grpcId, lines: expectedLines, totalCents: 4050, currency: 'USD' },
      });
      expect(await available('mug-red')).toBe(94);
      expect(await available('sticker-kafka')).toBe(994);
    });

    it('are idempotent on reservationId: a repeat returns the original and reserves nothing more', async () => {
      const reservationId = id('repeat');
      const request = { reservationId, orderId: reservationId, items: [{ sku: 'tee-black', quantity: 2 }] };
      const first = await grpc.reserveStock(request);
      const before = await available('tee-black');
      expect(await grpc.reserveStock(request)).toEqual(first);
      expect(await http.post('/reservations', { reservationId, items: request.items })).toEqual({
        status: 201,
        body: {
          reservationId,
          lines: [{ sku: 'tee-black', quantity: 2, unitPriceCents: 2000, lineTotalCents: 4000 }],
          totalCents: 4000,
          currency: 'USD',
        },
      });
      expect(await available('tee-black')).toBe(before);
    });

    it('refuse reusing a reservationId for other items: 409 / ALREADY_EXISTS RESERVATION_CONFLICT', async () => {
      const reservationId = id('reuse');
      await http.post('/reservations', { reservationId, items: [{ sku: 'tee-black', quantity: 1 }] });
      const rest = await http.post('/reservations', {
        reservationId,
        items: [{ sku: 'tee-black', quantity: 2 }],
      });
      expect(rest).toMatchObject({ status: 409, body: { code: 'RESERVATION_CONFLICT' } });
      expect(
        await grpc.reserveStock({ reservationId, orderId: '', items: [{ sku: 'mug-red', quantity: 1 }] }),
      ).toMatchObject({ ok: false, code: status.ALREADY_EXISTS, errorCode: 'RESERVATION_CONFLICT' });
    });

    it('refuse what is out of stock: 409 / FAILED_PRECONDITION OUT_OF_STOCK, nothing reserved', async () => {
      const items = [{ sku: 'poster-async', quantity: 1 }];
      expect(await http.post('/reservations', { reservationId: id('poster'), items })).toEqual({
        status: 409,
        body: {
          statusCode: 409,
          code: 'OUT_OF_STOCK',
          message: 'not enough stock for poster-async; nothing was reserved',
          details: { skus: ['poster-async'] },
        },
      });
      expect(await grpc.reserveStock({ reservationId: id('poster'), orderId: 'o', items })).toMatchObject({
        ok: false,
        code: status.FAILED_PRECONDITION,
        errorCode: 'OUT_OF_STOCK',
        details: { skus: ['poster-async'] },
      });
      expect(await available('poster-async')).toBe(0);
    });

    it('refuse unknown SKUs: 404 / NOT_FOUND UNKNOWN_SKU with details.skus', async () => {
      const items = [
        { sku: 'mug-red', quantity: 1 },
        { sku: 'ghost-sku', quantity: 1 },
      ];
      expect(await http.post('/reservations', { reservationId: id('ghost'), items })).toMatchObject({
        status: 404,
        body: { code: 'UNKNOWN_SKU', details: { skus: ['ghost-sku'] } },
      });
      expect(await grpc.reserveStock({ reservationId: id('ghost'), orderId: 'o', items })).toMatchObject({
        ok: false,
        code: status.NOT_FOUND,
        errorCode: 'UNKNOWN_SKU',
      });
    });

    it('reserve all items or none: one short line leaves every level as it was', async () => {
      const items = [
        { sku: 'multi-a', quantity: 2 },
        { sku: 'multi-b', quantity: 2 },
      ];
      expect(await http.post('/reservations', { reservationId: id('multi'), items })).toMatchObject({
        status: 409,
        body: { code: 'OUT_OF_STOCK', details: { skus: ['multi-b'] } },
      });
      expect(await grpc.reserveStock({ reservationId: id('multi'), orderId: 'o', items })).toMatchObject({
        ok: false,
        code: status.FAILED_PRECONDITION,
        details: { skus: ['multi-b'] },
      });
      expect([await available('multi-a'), await available('multi-b')]).toEqual([5, 1]);
    });

    it('never oversell: 50 concurrent reservations (25 gRPC + 25 REST) of a SKU with 10 → exactly 10', async () => {
      const attempts = Array.from({ length: 50 }, async (_, n) => {
        const reservationId = id(`race-${n}`);
        const items = [{ sku: 'race-sku', quantity: 1 }];
        if (n % 2 === 0) {
          const result = await grpc.reserveStock({ reservationId, orderId: reservationId, items });
          return result.ok ? 'reserved' : result.errorCode;
        }
        const result = await http.post('/reservations', { reservationId, items });
        return result.status === 201 ? 'reserved' : result.body.code;
      });
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((outcome) => outcome === 'reserved')).toHaveLength(10);
      expect(outcomes.filter((outcome) => outcome === 'OUT_OF_STOCK')).toHaveLength(40);
      expect(await available('race-sku')).toBe(0);

      const { body } = await http.get('/stock/race-sku/events');
      const events = body.events as { version: number; type: string }[];
      expect(events.map((event) => event.version)).toEqual(Array.from({ length: 51 }, (_, n) => n + 1));
      expect(events.filter((event) => event.type === 'StockReserved')).toHaveLength(10);
      expect(events.filter((event) => event.type === 'ReservationRejected')).toHaveLength(40);
    });

    it('reserve once when the same reservation arrives 10 times at once', async () => {
      const reservationId = id('same');
      const items = [{ sku: 'multi-a', quantity: 1 }];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          n % 2 === 0
            ? grpc.reserveStock({ reservationId, orderId: reservationId, items })
            : http.post('/reservations', { reservationId, orderId: reservationId, items }),
        ),
      );
      for (const result of results) {
        expect('ok' in result ? result.ok : result.status === 201).toBe(true);
      }
      expect(await available('multi-a')).toBe(4);
      await http.delete(`/reservations/${reservationId}`);
      expect(await available('multi-a')).toBe(5);
    });

    it('validate the body: unknown fields, quantity 0, too many items → 400 / INVALID_ARGUMENT', async () => {
      const unknownField = await http.post('/reservations', {
        reservationId: id('v'),
        items: [{ sku: 'mug-red', quantity: 1, colour: 'red' }],
        coupon: 'FREE',
      });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: 'items[0].colour' }, { path: 'coupon' }] },
      });
      const zero = await http.post('/reservations', {
        reservationId: id('v'),
        items: [{ sku: 'mug-red', quantity: 0 }],
      });
      expect(zero).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect((await http.post('/reservations', { reservationId: '', items: [] })).status).toBe(400);

      for (const request of [
        { reservationId: id('v'), orderId: '', items: [{ sku: 'mug-red', quantity: 0 }] },
        { reservationId: id('v'), orderId: '', items: [{ sku: 'mug-red', quantity: 10_001 }] },
        { reservationId: '', orderId: '', items: [{ sku: 'mug-red', quantity: 1 }] },
        { reservationId: id('v'), orderId: '', items: [] },
        { reservationId: id('v'), orderId: '', items: [{ sku: 'Mug Red', quantity: 1 }] },
      ]) {
        expect(await grpc.reserveStock(request)).toMatchObject({
          ok: false,
          code: status.INVALID_ARGUMENT,
          errorCode: 'INVALID_REQUEST',
        });
      }
      expect(await available('mug-red')).toBe(94);
    });

    it('refuse bodies over 64 KiB with 413', async () => {
      const huge = await http.post('/reservations', {
        reservationId: id('huge'),
        items: [{ sku: 'mug-red', quantity: 1 }],
        padding: 'x'.repeat(70 * 1024),
      });
      expect(huge).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    });
  });

  describe('ReleaseStock and DELETE /reservations/{id}', () => {
    it('return the stock once; a second release answers released: false', async () => {
      const restId = id('rel-rest');
      await http.post('/reservations', {
        reservationId: restId,
        items: [{ sku: 'release-sku', quantity: 3 }],
      });
      const grpcId = id('rel-grpc');
      await grpc.reserveStock({
        reservationId: grpcId,
        orderId: '',
        items: [{ sku: 'release-sku', quantity: 2 }],
      });
      expect(await available('release-sku')).toBe(3);

      expect(await http.delete(`/reservations/${restId}`)).toEqual({
        status: 200,
        body: { reservationId: restId, released: true, lines: [{ sku: 'release-sku', quantity: 3 }] },
      });
      expect(await http.delete(`/reservations/${restId}`)).toEqual({
        status: 200,
        body: { reservationId: restId, released: false, lines: [] },
      });
      expect(await grpc.releaseStock({ reservationId: grpcId })).toEqual({
        ok: true,
        response: { reservationId: grpcId, released: true, lines: [{ sku: 'release-sku', quantity: 2 }] },
      });
      expect(await grpc.releaseStock({ reservationId: grpcId })).toEqual({
        ok: true,
        response: { reservationId: grpcId, released: false, lines: [] },
      });
      expect(await available('release-sku')).toBe(8);
      // Each stored StockReleased says what caused it, as a StockReserved does: for a request (no message),
      // its correlation id.
      const { events } = (await http.get('/stock/release-sku/events')).body as {
        events: { type: string; correlationId: string | null; causationId: string | null }[];
      };
      const releases = events.filter((event) => event.type === 'StockReleased');
      expect(releases).toHaveLength(2);
      for (const release of releases) {
        expect(release.causationId).not.toBeNull();
        expect(release.causationId).toBe(release.correlationId);
      }
    });

    it('refuse unknown and empty ids, and reserving again under a released id', async () => {
      expect(await http.delete('/reservations/never-made')).toMatchObject({
        status: 404,
        body: { code: 'RESERVATION_NOT_FOUND' },
      });
      expect(await grpc.releaseStock({ reservationId: 'never-made' })).toMatchObject({
        ok: false,
        code: status.NOT_FOUND,
        errorCode: 'RESERVATION_NOT_FOUND',
      });
      expect(await grpc.releaseStock({ reservationId: '' })).toMatchObject({
        ok: false,
        code: status.INVALID_ARGUMENT,
        errorCode: 'INVALID_REQUEST',
      });

      const reservationId = id('again');
      const items = [{ sku: 'release-sku', quantity: 1 }];
      await http.post('/reservations', { reservationId, items });
      await http.delete(`/reservations/${reservationId}`);
      expect(await grpc.reserveStock({ reservationId, orderId: reservationId, items })).toMatchObject({
        ok: false,
        code: status.ALREADY_EXISTS,
        errorCode: 'RESERVATION_CONFLICT',
      });
      expect(await available('release-sku')).toBe(8);
    });
  });

  describe('GET /stock/{sku}/events', () => {
    it("lists the SKU's movements oldest first, with paging", async () => {
      const reservationId = id('ev');
      await http.post('/reservations', { reservationId, items: [{ sku: 'events-sku', quantity: 3 }] });
      await http.delete(`/reservations/${reservationId}`);
      const rejectedId = id('ev-rejected');
      await http.post('/reservations', {
        reservationId: rejectedId,
        items: [{ sku: 'events-sku', quantity: 50 }],
      });

      const { status: code, body } = await http.get('/stock/events-sku/events');
      expect(code).toBe(200);
      expect(body.sku).toBe('events-sku');
      const events = body.events as Record<string, unknown>[];
      // Who and why come along (stock-corrections.e2e-spec.ts checks them in detail): the seed has no
      // actor, every reservation event the service whose token called.
      const shown = events.map(({ version, type, quantity, reservationId: reservation, actor }) => ({
        version,
        type,
        quantity,
        reservationId: reservation,
        actor,
      }));
      expect(shown).toEqual([
        { version: 1, type: 'StockAdded', quantity: 20, reservationId: null, actor: null },
        { version: 2, type: 'StockReserved', quantity: 3, reservationId, actor: 'order-service' },
        { version: 3, type: 'StockReleased', quantity: 3, reservationId, actor: 'order-service' },
        {
          version: 4,
          type: 'ReservationRejected',
          quantity: 50,
          reservationId: rejectedId,
          actor: 'order-service',
        },
      ]);
      for (const event of events) expect(Date.parse(String(event.occurredAt))).not.toBeNaN();

      const page = await http.get('/stock/events-sku/events?afterVersion=2&limit=1');
      expect((page.body.events as { version: number }[]).map((event) => event.version)).toEqual([3]);
      expect(await http.get('/stock/never-stocked/events')).toEqual({
        status: 200,
        body: { sku: 'never-stocked', events: [] },
      });
      expect((await http.get('/stock/no-such-sku/events')).status).toBe(404);
      expect((await http.get('/stock/mug-red/events?limit=0')).status).toBe(400);
    });
  });

  describe('operations', () => {
    it('seeding again adds nothing and resets no stock', async () => {
      expect(await seedCatalog(service.database, [...DEMO_CATALOG, ...TEST_SKUS])).toEqual([]);
      expect(await available('mug-red')).toBe(94);
    });

    it('GET /health checks the store', async () => {
      const health = await http.get('/health');
      expect(health).toMatchObject({
        status: 200,
        body: { status: 'ok', info: { database: { status: 'up' } } },
      });
    });

    it('documents the REST API at /docs/json', async () => {
      const { body } = await http.get('/docs/json');
      expect(Object.keys(body.paths as object)).toEqual(
        expect.arrayContaining([
          '/stock/{sku}',
          '/stock/{sku}/events',
          '/reservations',
          '/reservations/{reservationId}',
        ]),
      );
    });
  });
});
