import { type Envelope, routesOf } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import type { EventPublisher, OneStatementWrites, StagingUnit, UnitOfWork } from '@commlab/messaging';

import type { Principal } from '../auth/principal';
import type { Reservation, ReservationRequest, StockReserver } from '../inventory/stock-reserver';
import type { Order } from './order';
import type { OrderRepository } from './order.repository';
import { PlaceOrder, reservationMayExist } from './place-order.use-case';
import { SyncOrderIds } from './sync-order-ids';

const alice: Principal = {
  userId: 'u-alice',
  email: 'alice@example.com',
  expiresAtUnixSeconds: 0,
  scopes: [],
};

class FakeReserver implements StockReserver {
  readonly transport = 'grpc';
  readonly reserved: ReservationRequest[] = [];
  readonly released: string[] = [];

  reserve(request: ReservationRequest): Promise<Reservation> {
    this.reserved.push(request);
    const lines = request.items.map((item) => ({
      ...item,
      unitPriceCents: 1250,
      lineTotalCents: 1250 * item.quantity,
    }));
    return Promise.resolve({
      reservationId: request.reservationId,
      lines,
      totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      currency: 'USD',
    });
  }

  release(reservationId: string): Promise<void> {
    this.released.push(reservationId);
    return Promise.resolve();
  }
}

/** A message staged in the order's transaction, with the destination the routing table gives it. */
interface OrderOutboxMessage {
  envelope: Envelope;
  destination: ReturnType<typeof routesOf>[number] | undefined;
}

/** Writes of the fake repository, for the fake publisher's one statement: saved on "commit". */
interface FakeWrites {
  save: (outbox: readonly OrderOutboxMessage[]) => Promise<void>;
}

/**
 * The repository's insert, in the transaction the (fake) publisher hands out, and its writes for the
 * publisher's one statement.
 */
function repository(
  save: (order: Order, outbox: readonly OrderOutboxMessage[]) => Promise<void>,
): OrderRepository {
  const insert = (order: Order, tx: FakeUnit) => {
    tx.save = () => save(order, tx.published);
    return Promise.resolve();
  };
  const insertWrites = (order: Order): FakeWrites => ({ save: (outbox) => save(order, outbox) });
  return { insert, insertWrites } as unknown as OrderRepository;
}

/** The transaction of a fake EventPublisher: what was published, saved on "commit". */
interface FakeUnit {
  published: OrderOutboxMessage[];
  save?: () => Promise<void>;
}

/** EventPublisher's contract for PlaceOrder: run the work, then "commit"; `notified` counts commits. */
class FakeRelay {
  notified = 0;

  announce(): void {
    // live-feed lines are not what these tests look at
  }

  async transaction<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    const tx: FakeUnit = { published: [] };
    const unit = {
      tx,
      publish: (envelope: Envelope) => {
        tx.published.push({ envelope, destination: routesOf(envelope.type)[0] });
        return Promise.resolve();
      },
      announce: () => undefined,
    } as unknown as UnitOfWork;
    const result = await work(unit);
    await tx.save?.();
    this.notified += 1;
    return result;
  }

  async inOneStatement(work: (unit: StagingUnit) => Promise<OneStatementWrites>): Promise<void> {
    const published: OrderOutboxMessage[] = [];
    const unit = {
      publish: (envelope: Envelope) => {
        published.push({ envelope, destination: routesOf(envelope.type)[0] });
        return Promise.resolve();
      },
      announce: () => undefined,
    };
    const writes = (await work(unit)) as unknown as FakeWrites;
    await writes.save(published);
    this.notified += 1;
  }
}

const events = (relay: FakeRelay) => relay as unknown as EventPublisher;

describe('PlaceOrder', () => {
  it('reserves with the order id as reservation id and stores a CONFIRMED order with prices and total', async () => {
    const reserver = new FakeReserver();
    const saved: Order[] = [];
    const outboxes: (readonly OrderOutboxMessage[])[] = [];
    const relay = new FakeRelay();
    const placeOrder = new PlaceOrder(
      [reserver],
      repository((order, outbox) => {
        saved.push(order);
        outboxes.push(outbox);
        return Promise.resolve();
      }),
      events(relay),
    );
    const order = await placeOrder.execute(alice, { items: [{ sku: 'mug-red', quantity: 2 }] }, 'grpc');
    expect(order).toMatchObject({
      userId: 'u-alice',
      status: 'CONFIRMED',
      totalCents: 2500,
      currency: 'USD',
      transport: 'grpc',
    });
    expect(reserver.reserved).toEqual([
      { reservationId: order.id, orderId: order.id, items: [{ sku: 'mug-red', quantity: 2 }] },
    ]);
    expect(saved).toEqual([order]);
    expect(outboxes).toHaveLength(1);
    const [message] = outboxes[0] ?? [];
    expect(message?.destination).toEqual({ transport: 'kafka', topic: 'orders' });
    expect(message?.envelope).toMatchObject({
      type: 'commlab.order.placed.v2',
      source: '/commlab/order-service',
      subject: order.id,
      data: {
        orderId: order.id,
        userId: 'u-alice',
        mode: 'sync',
        items: [{ sku: 'mug-red', quantity: 2, unitPrice: { amountCents: 1250, currency: 'USD' } }],
        total: { amountCents: 2500, currency: 'USD' },
        placedAt: order.createdAt,
      },
    });
    expect(relay.notified).toBe(1);
  });

  it('knows the order as a sync order before it asks for the reservation (the answer may come first)', async () => {
    const reserver = new FakeReserver();
    const syncOrders = new SyncOrderIds();
    const knownWhenReserving: boolean[] = [];
    const reserve = reserver.reserve.bind(reserver);
    reserver.reserve = (request) => {
      knownWhenReserving.push(syncOrders.take(request.orderId));
      return reserve(request);
    };
    const placeOrder = new PlaceOrder(
      [reserver],
      repository(() => Promise.resolve()),
      events(new FakeRelay()),
      syncOrders,
    );
    await placeOrder.execute(alice, { items: [{ sku: 'mug-red', quantity: 1 }] }, 'grpc');
    expect(knownWhenReserving).toEqual([true]);
  });

  it('releases the reservation when the order cannot be stored, and reports the store error', async () => {
    const reserver = new FakeReserver();
    const failure = new AppError({ code: 'DB_UNAVAILABLE', kind: 'unavailable', message: 'db down' });
    const placeOrder = new PlaceOrder(
      [reserver],
      repository(() => Promise.reject(failure)),
      events(new FakeRelay()),
    );
    await expect(
      placeOrder.execute(alice, { items: [{ sku: 'mug-red', quantity: 1 }] }, 'grpc'),
    ).rejects.toBe(failure);
    expect(reserver.released).toEqual([reserver.reserved[0]?.reservationId]);
  });

  // Regression (pnpm chaos pg-terminate): the release after a failed store could fail too (inventory's
  // database connection was terminated as well) and was never tried again.
  it('retries the release after a failed store until inventory takes it', async () => {
    const reserver = new FakeReserver();
    const failure = new AppError({ code: 'DB_UNAVAILABLE', kind: 'unavailable', message: 'db down' });
    let attempts = 0;
    reserver.release = (reservationId) => {
      attempts++;
      if (attempts < 3)
        return Promise.reject(
          new AppError({ code: 'INVENTORY_UNAVAILABLE', kind: 'unavailable', message: 'x' }),
        );
      reserver.released.push(reservationId);
      return Promise.resolve();
    };
    const placeOrder = new PlaceOrder(
      [reserver],
      repository(() => Promise.reject(failure)),
      events(new FakeRelay()),
    );
    placeOrder.releaseRetryDelaysMs = [0, 5, 5, 5];
    await expect(
      placeOrder.execute(alice, { items: [{ sku: 'mug-red', quantity: 1 }] }, 'grpc'),
    ).rejects.toBe(failure);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toBe(3);
    expect(reserver.released).toEqual([reserver.reserved[0]?.reservationId]);
  });

  it('does not store anything when inventory refuses', async () => {
    const reserver = new FakeReserver();
    const refusal = new AppError({ code: 'OUT_OF_STOCK', kind: 'failed_precondition', message: 'no stock' });
    reserver.reserve = () => Promise.reject(refusal);
    const save = jest.fn();
    const placeOrder = new PlaceOrder([reserver], repository(save), events(new FakeRelay()));
    await expect(
      placeOrder.execute(alice, { items: [{ sku: 'poster-async', quantity: 1 }] }, 'grpc'),
    ).rejects.toBe(refusal);
    expect(save).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reserver.released).toEqual([]);
  });

  // Regression (pnpm chaos, docs/reliability.md): a ReserveStock that timed out in order-service could
  // still reserve in inventory afterwards, holding stock for an order that was never stored.
  it('releases the reservation when ReserveStock failed without an answer, retrying until inventory has it', async () => {
    const reserver = new FakeReserver();
    const timeout = new AppError({
      code: 'DEADLINE_EXCEEDED',
      kind: 'deadline_exceeded',
      message: 'no answer',
    });
    reserver.reserve = () => Promise.reject(timeout);
    // The late reservation lands after the first release attempt: that one is NOT_FOUND.
    let attempts = 0;
    reserver.release = (reservationId) => {
      attempts++;
      if (attempts === 1)
        return Promise.reject(
          new AppError({ code: 'RESERVATION_NOT_FOUND', kind: 'not_found', message: 'none' }),
        );
      reserver.released.push(reservationId);
      return Promise.resolve();
    };
    const save = jest.fn();
    const placeOrder = new PlaceOrder([reserver], repository(save), events(new FakeRelay()));
    placeOrder.releaseRetryDelaysMs = [0, 5, 5];
    let orderId = '';
    const reserve = reserver.reserve.bind(reserver);
    reserver.reserve = (request) => {
      orderId = request.reservationId;
      return reserve(request);
    };
    await expect(
      placeOrder.execute(alice, { items: [{ sku: 'mug-red', quantity: 1 }] }, 'grpc'),
    ).rejects.toBe(timeout);
    expect(save).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toBe(2);
    expect(reserver.released).toEqual([orderId]);
  });
});

describe('reservationMayExist', () => {
  it.each([
    ['DEADLINE_EXCEEDED', 'deadline_exceeded', true],
    ['INVENTORY_UNAVAILABLE', 'unavailable', true],
    ['BAD_RESPONSE', 'internal', true],
    ['OUT_OF_STOCK', 'failed_precondition', false],
    ['UNKNOWN_SKU', 'invalid_argument', false],
    ['INVENTORY_BUSY', 'rate_limited', false],
  ] as const)('%s (%s) → %s', (code, kind, mayExist) => {
    expect(reservationMayExist(new AppError({ code, kind, message: code }))).toBe(mayExist);
  });

  it('an error that is not an AppError may have reserved', () => {
    expect(reservationMayExist(new Error('socket hang up'))).toBe(true);
  });
});
