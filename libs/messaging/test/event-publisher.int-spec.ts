import { createEnvelope, type Envelope, ORDER_CONFIRMED_V1, sampleMessages } from '@commlab/contracts';
import { type Database, placeholdersFrom, type SqlExecutor } from '@commlab/persistence';

import { EventPublisher, type LiveFeedFields, type TransactionRunner } from '../src';
import { type Backend, pgliteBackend, postgresBackend } from './messaging-test-kit';

jest.setTimeout(20_000);

interface OutboxRow {
  message_id: string;
  destination: unknown;
  message_key: string;
}

function orderConfirmed(orderId: string): Envelope {
  return createEnvelope({
    type: ORDER_CONFIRMED_V1,
    source: '/commlab/messaging-test',
    subject: orderId,
    data: { ...sampleMessages()[ORDER_CONFIRMED_V1].data, orderId },
  });
}

describe.each([pgliteBackend(), postgresBackend()])('EventPublisher on $name', (backend: Backend) => {
  let db: Database;
  let wakes: number;
  let lines: [string, LiveFeedFields | undefined][];
  let events: EventPublisher;

  async function rowsOf(messageId: string): Promise<OutboxRow[]> {
    const { rows } = await db.query<OutboxRow>(
      `SELECT message_id, destination, message_key FROM outbox_messages
        WHERE envelope->>'id' = $1 ORDER BY sequence`,
      [messageId],
    );
    return rows;
  }

  async function insertOrder(tx: SqlExecutor, id: string): Promise<void> {
    await tx.query('INSERT INTO orders (id, total_cents) VALUES ($1, 0)', [id]);
  }

  beforeAll(async () => {
    await backend.setup();
    db = await backend.open();
  });

  beforeEach(() => {
    wakes = 0;
    lines = [];
    events = new EventPublisher({
      db,
      relay: { notify: () => (wakes += 1) },
      feed: { publish: (event, fields) => lines.push([event, fields]) },
    });
  });

  afterAll(async () => {
    await backend.teardown();
  });

  it('stages one outbox row per route of the type, with the business change, then wakes the relay', async () => {
    const message = orderConfirmed('order-1');
    const result = await events.transaction(async (unit) => {
      await insertOrder(unit.tx, 'order-1');
      await unit.publish(message);
      unit.announce('order.confirmed', { orderId: 'order-1' });
      expect(wakes).toBe(0); // nothing happens before the commit
      expect(lines).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await rowsOf(message.id)).toEqual([
      {
        message_id: message.id,
        destination: { transport: 'kafka', topic: 'orders' },
        message_key: 'order-1',
      },
      {
        message_id: `${message.id}@rabbitmq:commlab.events/order.confirmed`,
        destination: { transport: 'rabbitmq', exchange: 'commlab.events', routingKey: 'order.confirmed' },
        message_key: 'order-1',
      },
    ]);
    expect(wakes).toBe(1);
    expect(lines).toEqual([['order.confirmed', { orderId: 'order-1' }]]);
  });

  it('stages nothing, wakes nobody and announces nothing when the transaction rolls back', async () => {
    const message = orderConfirmed('order-2');
    await expect(
      events.transaction(async (unit) => {
        await insertOrder(unit.tx, 'order-2');
        await unit.publish(message);
        unit.announce('order.confirmed', { orderId: 'order-2' });
        throw new Error('the business rule said no');
      }),
    ).rejects.toThrow('the business rule said no');
    expect(await rowsOf(message.id)).toEqual([]);
    expect((await db.query("SELECT 1 FROM orders WHERE id = 'order-2'")).rowCount).toBe(0);
    expect([wakes, lines]).toEqual([0, []]);
  });

  it('refuses to stage a message its schema does not allow — an unknown field included — and rolls back', async () => {
    const valid = orderConfirmed('order-strict');
    const extra = { ...valid, data: { ...(valid.data as object), couponCode: 'FREE' } };
    const mistyped = { ...valid, id: `${valid.id}-2`, data: { ...(valid.data as object), totalCents: -1 } };
    for (const message of [extra, mistyped]) {
      await expect(
        events.transaction(async (unit) => {
          await insertOrder(unit.tx, 'order-strict');
          await unit.publish(message);
        }),
      ).rejects.toMatchObject({ code: 'INVALID_OUTGOING_MESSAGE', httpStatus: 500 });
      expect(await rowsOf(message.id)).toEqual([]);
    }
    expect((await db.query("SELECT 1 FROM orders WHERE id = 'order-strict'")).rowCount).toBe(0);
  });

  it('refuses a type without a route, naming where to add it', async () => {
    const unknown = createEnvelope({ type: 'commlab.unknown.v1', source: '/t', subject: 's', data: {} });
    await expect(events.transaction((unit) => unit.publish(unknown))).rejects.toThrow(
      'commlab.unknown.v1 has no route: add it to MESSAGE_ROUTES',
    );
  });

  it('keeps only what the committed attempt of a retrying runner staged and announced', async () => {
    let attempts = 0;
    const retryOnce: TransactionRunner = async (work) => {
      try {
        return await db.transaction(work);
      } catch {
        return db.transaction(work);
      }
    };
    const message = orderConfirmed('order-3');
    await events.transaction(async (unit) => {
      attempts += 1;
      unit.announce('attempt', { attempts });
      await unit.publish(message);
      if (attempts === 1) throw new Error('conflict');
    }, retryOnce);
    expect(attempts).toBe(2);
    expect(await rowsOf(message.id)).toHaveLength(2);
    expect(lines).toEqual([['attempt', { attempts: 2 }]]);
    expect(wakes).toBe(1);
  });

  /** An order row as the one-statement write of a test order (`orders` of messaging-test-kit). */
  const orderWrite = (id: string) => ({
    sql: (first: number) =>
      `order_row AS (INSERT INTO orders (id, total_cents) VALUES (${placeholdersFrom(first)(0)}, 0))`,
    params: [id],
  });

  it('inOneStatement: the writes and the outbox rows in one statement and no transaction, then the wake-up', async () => {
    const message = orderConfirmed('order-one-statement');
    const sent: string[] = [];
    const counting = new Proxy(db, {
      get: (target, property, receiver) =>
        property === 'query' || property === 'transaction'
          ? (...args: unknown[]) => {
              sent.push(property);
              return (Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown).apply(
                target,
                args,
              );
            }
          : (Reflect.get(target, property, receiver) as unknown),
    });
    const oneStatement = new EventPublisher({
      db: counting,
      relay: { notify: () => (wakes += 1) },
      feed: { publish: (event, fields) => lines.push([event, fields]) },
    });
    await oneStatement.inOneStatement(async (unit) => {
      await unit.publish(message);
      unit.announce('order.confirmed', { orderId: 'order-one-statement' });
      expect([wakes, lines]).toEqual([0, []]);
      return orderWrite('order-one-statement');
    });
    expect(sent).toEqual(['query']);
    expect((await rowsOf(message.id)).map((row) => row.message_key)).toEqual([
      'order-one-statement',
      'order-one-statement',
    ]);
    expect((await db.query("SELECT 1 FROM orders WHERE id = 'order-one-statement'")).rowCount).toBe(1);
    expect(wakes).toBe(1);
    expect(lines).toEqual([['order.confirmed', { orderId: 'order-one-statement' }]]);
  });

  it('inOneStatement: a write that fails takes the outbox rows with it; nothing woken or announced', async () => {
    await insertOrder(db, 'order-taken');
    const message = orderConfirmed('order-taken');
    await expect(
      events.inOneStatement(async (unit) => {
        await unit.publish(message);
        unit.announce('order.confirmed', { orderId: 'order-taken' });
        return orderWrite('order-taken'); // the id exists: a unique violation
      }),
    ).rejects.toMatchObject({ sqlState: '23505' });
    expect(await rowsOf(message.id)).toEqual([]);
    expect([wakes, lines]).toEqual([0, []]);
    // A message its schema refuses is refused before anything is sent.
    const valid = orderConfirmed('order-one-strict');
    const extra = { ...valid, data: { ...(valid.data as object), couponCode: 'FREE' } };
    await expect(
      events.inOneStatement(async (unit) => {
        await unit.publish(extra);
        return orderWrite('order-one-strict');
      }),
    ).rejects.toMatchObject({ code: 'INVALID_OUTGOING_MESSAGE' });
    expect((await db.query("SELECT 1 FROM orders WHERE id = 'order-one-strict'")).rowCount).toBe(0);
  });

  it('takeOutboxInsert: the rows staged so far go into the use case’s own statement, under its condition', async () => {
    const taken = orderConfirmed('order-taken-insert');
    const later = orderConfirmed('order-staged-later');
    const refused = orderConfirmed('order-refused-insert');
    await events.transaction(async (unit) => {
      await unit.publish(taken);
      const insert = unit.takeOutboxInsert('EXISTS (SELECT 1 FROM order_row)');
      await unit.tx.query(
        `WITH order_row AS (INSERT INTO orders (id, total_cents) VALUES ($1, 0) RETURNING id),
              outbox_rows AS (${insert.sql(2)})
         SELECT 1`,
        ['order-taken-insert', ...insert.params],
      );
      await unit.publish(later); // staged after the take: written when the work returns
    });
    await events.transaction(async (unit) => {
      await unit.publish(refused);
      const none = unit.takeOutboxInsert('false'); // taken, and its condition writes nothing
      await unit.tx.query(`WITH outbox_rows AS (${none.sql(1)}) SELECT 1`, [...none.params]);
    });
    expect(await rowsOf(taken.id)).toHaveLength(2);
    expect(await rowsOf(later.id)).toHaveLength(2);
    expect(await rowsOf(refused.id)).toEqual([]);
    expect(wakes).toBe(2);
  });

  it('transactionOnce: a redelivered message changes nothing and publishes nothing', async () => {
    const inbox = { consumer: 'test-consumer', messageId: 'cmd-1' };
    const message = orderConfirmed('order-4');
    const work = async (unit: Parameters<Parameters<EventPublisher['transaction']>[0]>[0]) => {
      await insertOrder(unit.tx, 'order-4');
      await unit.publish(message);
      unit.announce('order.confirmed');
      return 'confirmed';
    };
    expect(await events.transactionOnce(inbox, work)).toEqual({ status: 'processed', result: 'confirmed' });
    expect(await events.transactionOnce(inbox, work)).toEqual({ status: 'duplicate' });
    expect(await rowsOf(message.id)).toHaveLength(2);
    expect([wakes, lines.length]).toEqual([1, 1]);
  });

  it('announce() outside a transaction posts at once', () => {
    events.announce('webhook.attempt', { orderId: 'order-5' });
    expect(lines).toEqual([['webhook.attempt', { orderId: 'order-5' }]]);
    expect(wakes).toBe(0);
  });
});
