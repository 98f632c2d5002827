import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { CORRELATION_ID_HEADER } from '@commlab/contracts';
import { freePort } from '@commlab/testing';

import type { RunningInventoryService } from '../src';
import { replayStock } from '../src/stock/stock-state';
import { StockRepository } from '../src/stock/stock.repository';
import { inventoryGrpcClient } from './inventory-clients';
import { startTestInventory } from './support/start-test-inventory';
import { pgliteInMemory, postgres } from './support/store-backends';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

const rabbitmqUrl = useThrowawayRabbitMq('inventory-corrections');
const tokens = useTestTokenIssuer();

jest.setTimeout(30_000);

/** Test-only SKUs, each used by one test, 10 units each (a seeded StockAdded, version 1). */
const SKUS = [
  'fix-race',
  'fix-kinds',
  'fix-damaged',
  'fix-revert',
  'fix-refusals',
  'fix-as-of',
  'fix-reserve',
  'fix-auth',
];

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

interface ShownEvent {
  version: number;
  type: string;
  quantity: number;
  reservationId: string | null;
  reason?: string;
  difference?: number;
  revertsVersion?: number;
  actor: string | null;
  correlationId: string | null;
  causationId: string | null;
  occurredAt: string;
}

/** The bench's DEV-ONLY client as auth's client credentials grant issues it, holding stock:adjust. */
const adjusterToken = () => tokens.serviceToken({ clientId: 'commlab-bench', scope: 'stock:adjust' });

/**
 * Corrections in inventory's event store on a real inventory-service (REST), with service tokens verified
 * against a real JWKS endpoint: adjustments of each kind, reverts and their refusals, who and why on every
 * event, and the stock as of a moment with the events that made it — on PGlite and on PostgreSQL.
 */
describe.each([pgliteInMemory, postgres()])('stock corrections on $name', (backend) => {
  let service: RunningInventoryService;
  const stock = new StockRepository();

  beforeAll(async () => {
    service = await startTestInventory({
      store: await backend.setup(),
      kafkaBrokers: `127.0.0.1:${String(await freePort())}`,
      rabbitmqUrl: rabbitmqUrl(),
      authUrl: tokens.authUrl,
      seedItems: SKUS.map((sku) => ({ sku, unitPriceCents: 250, currency: 'EUR', initialStock: 10 })),
    });
  });

  afterAll(async () => {
    await service.close();
    await backend.teardown();
  });

  async function send(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; token?: string | null; correlationId?: string } = {},
  ): Promise<Answer> {
    const token = options.token === undefined ? adjusterToken() : options.token;
    const response = await fetch(`${service.httpUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.correlationId === undefined ? {} : { [CORRELATION_ID_HEADER]: options.correlationId }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const adjust = (sku: string, body: unknown, correlationId?: string) =>
    send('POST', `/stock/${sku}/adjustments`, {
      body,
      ...(correlationId === undefined ? {} : { correlationId }),
    });
  const revert = (sku: string, version: number | string, reason: unknown = 'booked in error') =>
    send('POST', `/stock/${sku}/events/${String(version)}/revert`, { body: { reason } });

  async function events(sku: string, query = ''): Promise<ShownEvent[]> {
    const answer = await send('GET', `/stock/${sku}/events${query}`, { token: null });
    expect(answer.status).toBe(200);
    return answer.body.events as ShownEvent[];
  }

  async function available(sku: string): Promise<number> {
    return (await send('GET', `/stock/${sku}`, { token: null })).body.available as number;
  }

  /** The snapshot, a full replay of the stored stream and the REST answer agree. */
  async function expectConsistent(sku: string, level: number) {
    const stored = await stock.listEvents(service.database, sku, 0, 10_000);
    expect(replayStock(stored)).toEqual({ available: level, version: stored.length });
    expect(await stock.readSnapshot(service.database, sku)).toEqual({
      available: level,
      version: stored.length,
    });
    expect(await available(sku)).toBe(level);
  }

  it('received, damaged and counted append StockAdded, StockRemoved and StockCounted with who and why', async () => {
    const correlationId = `fix-${randomUUID()}`;
    expect(
      await adjust('fix-kinds', { kind: 'received', quantity: 5, reason: 'pallet 7' }, correlationId),
    ).toEqual({
      status: 201,
      body: {
        sku: 'fix-kinds',
        kind: 'received',
        type: 'StockAdded',
        quantity: 5,
        reason: 'pallet 7',
        version: 2,
        available: 15,
      },
    });
    expect(await adjust('fix-kinds', { kind: 'damaged', quantity: 3, reason: 'forklift' })).toMatchObject({
      status: 201,
      body: { kind: 'damaged', type: 'StockRemoved', quantity: 3, version: 3, available: 12 },
    });
    expect(await adjust('fix-kinds', { kind: 'counted', counted: 9, reason: 'shelf count' })).toEqual({
      status: 201,
      body: {
        sku: 'fix-kinds',
        kind: 'counted',
        type: 'StockCounted',
        counted: 9,
        difference: -3,
        reason: 'shelf count',
        version: 4,
        available: 9,
      },
    });
    // A count that agrees with the stream is still a fact worth keeping.
    expect(await adjust('fix-kinds', { kind: 'counted', counted: 9, reason: 'recount' })).toMatchObject({
      status: 201,
      body: { type: 'StockCounted', counted: 9, difference: 0, version: 5, available: 9 },
    });

    const shown = await events('fix-kinds');
    expect(
      shown.map(({ version, type, quantity, reason, difference }) => ({
        version,
        type,
        quantity,
        reason,
        difference,
      })),
    ).toEqual([
      { version: 1, type: 'StockAdded', quantity: 10, reason: undefined, difference: undefined },
      { version: 2, type: 'StockAdded', quantity: 5, reason: 'pallet 7', difference: undefined },
      { version: 3, type: 'StockRemoved', quantity: 3, reason: 'forklift', difference: undefined },
      { version: 4, type: 'StockCounted', quantity: 9, reason: 'shelf count', difference: -3 },
      { version: 5, type: 'StockCounted', quantity: 9, reason: 'recount', difference: 0 },
    ]);
    // The seed has no caller; each adjustment has the token's client id, the correlation id and its request.
    expect(shown[0]).toMatchObject({ actor: null, causationId: null });
    expect(shown[1]).toMatchObject({ actor: 'commlab-bench', correlationId, causationId: correlationId });
    for (const event of shown.slice(2)) {
      expect(event.actor).toBe('commlab-bench');
      expect(event.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.causationId).toBe(event.correlationId);
      expect(event.correlationId).not.toBe(correlationId);
    }
    await expectConsistent('fix-kinds', 9);
  });

  it('refuses damage beyond what is available with 409 INSUFFICIENT_STOCK and appends nothing', async () => {
    expect(await adjust('fix-damaged', { kind: 'damaged', quantity: 11, reason: 'flood' })).toMatchObject({
      status: 409,
      body: { code: 'INSUFFICIENT_STOCK', details: { sku: 'fix-damaged', available: 10, change: -11 } },
    });
    expect(await adjust('fix-damaged', { kind: 'damaged', quantity: 10, reason: 'flood' })).toMatchObject({
      status: 201,
      body: { available: 0 },
    });
    expect((await events('fix-damaged')).map((event) => event.type)).toEqual(['StockAdded', 'StockRemoved']);
    await expectConsistent('fix-damaged', 0);
  });

  it('reverts an adjustment with an EventReverted that references it; the original stays', async () => {
    await adjust('fix-revert', { kind: 'damaged', quantity: 4, reason: 'looked broken' });
    await adjust('fix-revert', { kind: 'counted', counted: 8, reason: 'count' });
    expect(await revert('fix-revert', 2, 'they were fine')).toEqual({
      status: 201,
      body: {
        sku: 'fix-revert',
        type: 'EventReverted',
        revertsVersion: 2,
        difference: 4,
        reason: 'they were fine',
        version: 4,
        available: 12,
      },
    });
    expect(await revert('fix-revert', 3, 'miscounted')).toMatchObject({
      status: 201,
      body: { revertsVersion: 3, difference: -2, version: 5, available: 10 },
    });
    const shown = await events('fix-revert');
    expect(
      shown.map(({ version, type, quantity, difference, revertsVersion }) => ({
        version,
        type,
        quantity,
        difference,
        revertsVersion,
      })),
    ).toEqual([
      { version: 1, type: 'StockAdded', quantity: 10, difference: undefined, revertsVersion: undefined },
      { version: 2, type: 'StockRemoved', quantity: 4, difference: undefined, revertsVersion: undefined },
      { version: 3, type: 'StockCounted', quantity: 8, difference: 2, revertsVersion: undefined },
      { version: 4, type: 'EventReverted', quantity: 4, difference: 4, revertsVersion: 2 },
      { version: 5, type: 'EventReverted', quantity: 2, difference: -2, revertsVersion: 3 },
    ]);
    expect(shown[3]).toMatchObject({ reason: 'they were fine', actor: 'commlab-bench' });
    expect(shown[3]?.causationId).toBe(shown[3]?.correlationId);
    expect(typeof shown[3]?.correlationId).toBe('string');
    await expectConsistent('fix-revert', 10);
  });

  it('refuses to revert twice, an unknown version, a reservation event, a revert, or below zero', async () => {
    const reservation = await send('POST', '/reservations', {
      token: tokens.serviceToken(),
      body: { reservationId: `fix-${randomUUID()}`, items: [{ sku: 'fix-refusals', quantity: 2 }] },
    });
    expect(reservation.status).toBe(201); // v2 StockReserved, available 8
    await adjust('fix-refusals', { kind: 'received', quantity: 6, reason: 'delivery' }); // v3, 14
    expect((await revert('fix-refusals', 3)).status).toBe(201); // v4, 8
    expect(await revert('fix-refusals', 3)).toMatchObject({
      status: 409,
      body: { code: 'ALREADY_REVERTED', details: { version: 3, revertedBy: 4 } },
    });
    expect(await revert('fix-refusals', 99)).toMatchObject({
      status: 404,
      body: { code: 'STOCK_EVENT_NOT_FOUND', details: { sku: 'fix-refusals', version: 99 } },
    });
    expect(await revert('fix-refusals', 2)).toMatchObject({
      status: 409,
      body: {
        code: 'NOT_REVERTIBLE',
        details: { type: 'StockReserved', why: expect.stringContaining('ReleaseStock') as unknown },
      },
    });
    expect(await revert('fix-refusals', 4)).toMatchObject({
      status: 409,
      body: { code: 'NOT_REVERTIBLE', details: { type: 'EventReverted' } },
    });
    // The seeded 10 cannot be taken back while 2 of them are reserved: 8 available.
    expect(await revert('fix-refusals', 1)).toMatchObject({
      status: 409,
      body: { code: 'INSUFFICIENT_STOCK', details: { available: 8, change: -10 } },
    });
    expect(await revert('no-such-sku', 1)).toMatchObject({ status: 404, body: { code: 'UNKNOWN_SKU' } });
    expect((await events('fix-refusals')).map((event) => event.type)).toEqual([
      'StockAdded',
      'StockReserved',
      'StockAdded',
      'EventReverted',
    ]);
    await expectConsistent('fix-refusals', 8);
  });

  it('ten concurrent reverts of one event: exactly one wins, the others are ALREADY_REVERTED', async () => {
    await adjust('fix-race', { kind: 'received', quantity: 7, reason: 'double booking' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => revert('fix-race', 2)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.code === 'ALREADY_REVERTED')).toHaveLength(9);
    expect((await events('fix-race')).map((event) => event.type)).toEqual([
      'StockAdded',
      'StockAdded',
      'EventReverted',
    ]);
    await expectConsistent('fix-race', 10);
  });

  it('answers the stock as of a moment with the events that made it, before and after a revert', async () => {
    await adjust('fix-as-of', { kind: 'received', quantity: 30, reason: 'wrong SKU booked' });
    await sleep(20);
    const beforeRevert = new Date();
    await sleep(20);
    await revert('fix-as-of', 2, 'was for another SKU');
    await sleep(20);
    const afterRevert = new Date();

    const asOf = async (at: Date) => {
      const level = await send('GET', `/stock/fix-as-of?at=${at.toISOString()}`, { token: null });
      const history = await send('GET', `/stock/fix-as-of/events?until=${at.toISOString()}`, { token: null });
      return { level: level.body, history: history.body };
    };
    const before = await asOf(beforeRevert);
    expect(before.level).toMatchObject({ available: 40, version: 2 });
    expect(before.history).toMatchObject({
      sku: 'fix-as-of',
      asOf: { at: beforeRevert.toISOString(), available: 40, version: 2 },
    });
    expect((before.history.events as ShownEvent[]).map((event) => event.type)).toEqual([
      'StockAdded',
      'StockAdded',
    ]);

    const after = await asOf(afterRevert);
    expect(after.level).toMatchObject({ available: 10, version: 3 });
    expect(after.history.asOf).toEqual({ at: afterRevert.toISOString(), available: 10, version: 3 });
    expect((after.history.events as ShownEvent[]).map((event) => [event.type, event.revertsVersion])).toEqual(
      [
        ['StockAdded', undefined],
        ['StockAdded', undefined],
        ['EventReverted', 2],
      ],
    );
    // Paging applies to the events; asOf is still the level all of them made.
    const page = await send(
      'GET',
      `/stock/fix-as-of/events?until=${afterRevert.toISOString()}&afterVersion=1&limit=1`,
      {
        token: null,
      },
    );
    expect(page.body).toMatchObject({ asOf: { available: 10, version: 3 } });
    expect((page.body.events as ShownEvent[]).map((event) => event.version)).toEqual([2]);
    expect((await send('GET', '/stock/fix-as-of/events?until=yesterday', { token: null })).status).toBe(400);
  });

  it('stores the calling service, the correlation id and the request as the cause on reservation events', async () => {
    const correlationId = `fix-${randomUUID()}`;
    const reservationId = `fix-${randomUUID()}`;
    const reserved = await send('POST', '/reservations', {
      token: tokens.serviceToken({ clientId: 'order-service' }),
      correlationId,
      body: { reservationId, items: [{ sku: 'fix-reserve', quantity: 1 }] },
    });
    expect(reserved.status).toBe(201);
    // Over gRPC, from another client and without a correlation id (inventory makes one up).
    const grpc = inventoryGrpcClient(service.grpcUrl, () => tokens.serviceToken({ clientId: 'commlab-cli' }));
    try {
      const rpc = await grpc.reserveStock({
        reservationId: `fix-${randomUUID()}`,
        orderId: '',
        items: [{ sku: 'fix-reserve', quantity: 2 }],
      });
      expect(rpc.ok).toBe(true);
    } finally {
      grpc.close();
    }
    const [, overHttp, overGrpc] = await events('fix-reserve');
    // A request's id is its correlation id, so it is also the cause.
    expect(overHttp).toMatchObject({
      type: 'StockReserved',
      quantity: 1,
      actor: 'order-service',
      correlationId,
      causationId: correlationId,
    });
    expect(overGrpc).toMatchObject({ type: 'StockReserved', quantity: 2, actor: 'commlab-cli' });
    expect(overGrpc?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(overGrpc?.causationId).toBe(overGrpc?.correlationId);

    const releaseCorrelationId = `fix-${randomUUID()}`;
    const released = await fetch(`${service.httpUrl}/reservations/${reservationId}`, {
      method: 'DELETE',
      headers: {
        authorization: `Bearer ${tokens.serviceToken({ clientId: 'order-service' })}`,
        [CORRELATION_ID_HEADER]: releaseCorrelationId,
      },
    });
    expect(released.status).toBe(200);
    // Like a reservation, a release's request id is its correlation id, so it is also the cause.
    expect((await events('fix-reserve'))[3]).toMatchObject({
      type: 'StockReleased',
      actor: 'order-service',
      correlationId: releaseCorrelationId,
      causationId: releaseCorrelationId,
    });
  });

  it('answers 401 without a token and 403 without the stock:adjust scope; nothing is appended', async () => {
    const body = { kind: 'received', quantity: 1, reason: 'x' };
    const path = '/stock/fix-auth/adjustments';
    const revertPath = '/stock/fix-auth/events/1/revert';
    for (const target of [path, revertPath]) {
      const payload = target === path ? body : { reason: 'x' };
      expect(await send('POST', target, { body: payload, token: null })).toMatchObject({
        status: 401,
        body: { code: 'MISSING_TOKEN' },
      });
      expect(await send('POST', target, { body: payload, token: tokens.serviceToken() })).toMatchObject({
        status: 403,
        body: { code: 'INSUFFICIENT_SCOPE' },
      });
      expect(await send('POST', target, { body: payload, token: tokens.userToken() })).toMatchObject({
        status: 403,
        body: { code: 'SERVICE_TOKEN_REQUIRED' },
      });
    }
    expect(await events('fix-auth')).toHaveLength(1);
  });

  it('answers 400 VALIDATION_FAILED for bad bodies and versions; nothing is appended', async () => {
    for (const bad of [
      { kind: 'damaged', quantity: 0, reason: 'x' },
      { kind: 'damaged', quantity: 1_000_001, reason: 'x' },
      { kind: 'received', quantity: 1.5, reason: 'x' },
      { kind: 'counted', counted: -1, reason: 'x' },
      { kind: 'counted', counted: 1_000_001, reason: 'x' },
      { kind: 'counted', quantity: 3, reason: 'x' },
      { kind: 'damaged', quantity: 1, reason: 'line\nbreak' },
      { kind: 'counted', counted: 1, reason: 'esc\u001b[31m' },
      { kind: 'counted', counted: 1, reason: '' },
      { kind: 'counted', counted: 1, reason: 'x'.repeat(201) },
      { kind: 'stolen', quantity: 1, reason: 'x' },
    ]) {
      expect(await adjust('fix-auth', bad)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    }
    for (const [version, reason] of [
      [1, 'tab\there'],
      [1, 'nul\u0000'],
      [1, 'c1\u0085'],
      [1, 7],
      [0, 'x'],
      ['abc', 'x'],
      ['1e2', 'x'],
    ] as const) {
      expect(await revert('fix-auth', version, reason)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(
      await send('POST', '/stock/fix-auth/events/1/revert', { body: { reason: 'x', extra: 1 } }),
    ).toMatchObject({
      status: 400,
    });
    expect(await events('fix-auth')).toHaveLength(1);
  });

  it('documents the corrections in the OpenAPI document', async () => {
    const { body } = await send('GET', '/docs/json', { token: null });
    const paths = body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/stock/{sku}/adjustments', '/stock/{sku}/events/{version}/revert']),
    );
    const adjustment = JSON.stringify(paths['/stock/{sku}/adjustments']?.post);
    for (const kind of ['received', 'damaged', 'counted']) expect(adjustment).toContain(`"${kind}"`);
    expect(JSON.stringify(paths['/stock/{sku}/events']?.get)).toContain('"until"');
  });
});
