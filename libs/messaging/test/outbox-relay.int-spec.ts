import type { Database } from '@commlab/persistence';
import { waitFor } from '@commlab/testing';

import { enqueueOutbox, type OutboxMessage, OutboxRelay } from '../src';
import {
  type Backend,
  FakeClock,
  InMemoryPublisher,
  orderPlaced,
  pgliteBackend,
  postgresBackend,
  recordingStatements,
} from './messaging-test-kit';

jest.setTimeout(20_000);

const TOPIC = { transport: 'kafka', topic: 'commlab.orders' } as const;

interface OutboxRow {
  message_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  destination: unknown;
  envelope: { id: string };
}

describe.each([pgliteBackend(), postgresBackend()])('outbox relay on $name', (backend: Backend) => {
  let db: Database;
  const relays: OutboxRelay[] = [];

  function relay(
    options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> & { publisher: InMemoryPublisher },
  ) {
    const created = new OutboxRelay({ db, pollIntervalMs: 20, ...options });
    relays.push(created);
    return created;
  }

  async function placeOrder(orderId: string, on: Database = db): Promise<string> {
    const message = orderPlaced(orderId);
    await on.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id, total_cents) VALUES ($1, $2)', [orderId, 1250]);
      await enqueueOutbox(tx, message, TOPIC);
    });
    return message.id;
  }

  async function outboxRow(messageId: string): Promise<OutboxRow | undefined> {
    const { rows } = await db.query<OutboxRow>('SELECT * FROM outbox_messages WHERE message_id = $1', [
      messageId,
    ]);
    return rows[0];
  }

  beforeAll(async () => {
    await backend.setup();
    db = await backend.open();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await db.query('DELETE FROM outbox_messages');
    await db.query('DELETE FROM orders');
  });

  afterAll(async () => {
    await backend.teardown();
  });

  it('publishes a committed business change + outbox row once and marks it SENT', async () => {
    const messageId = await placeOrder('order-1');
    const publisher = new InMemoryPublisher();
    const outbox = relay({ publisher });

    expect(await outbox.runOnce()).toEqual({ claimed: 1, published: 1, failed: 0, deferred: 0 });
    expect(await outbox.runOnce()).toEqual({ claimed: 0, published: 0, failed: 0, deferred: 0 });

    expect(publisher.publishedIds).toEqual([messageId]);
    const [published] = publisher.published;
    expect(published?.destination).toEqual(TOPIC);
    expect(published?.key).toBe('order-1');
    expect(published?.envelope).toMatchObject({
      id: messageId,
      subject: 'order-1',
      data: { orderId: 'order-1' },
    });
    expect(await outboxRow(messageId)).toMatchObject({ status: 'SENT', attempts: 1, last_error: null });
    expect((await outboxRow(messageId))?.sent_at).toBeInstanceOf(Date);
    expect(await outbox.stats()).toEqual({ pending: 0, sent: 1, failing: 0, oldestPendingAgeMs: 0 });
  });

  it('publishes same-key rows one round at a time and marks the batch SENT in one statement', async () => {
    const first = await placeOrder('order-r');
    const second = orderPlaced('order-r');
    const third = orderPlaced('order-r');
    await db.transaction((tx) => enqueueOutbox(tx, second, TOPIC));
    await db.transaction((tx) => enqueueOutbox(tx, third, TOPIC));
    const other = await placeOrder('order-s');
    const acked: string[][] = [];
    const publisher: InMemoryPublisher = Object.assign(new InMemoryPublisher(), {
      publish(rows: readonly OutboxMessage[]) {
        acked.push(rows.map((row) => row.messageId));
        return InMemoryPublisher.prototype.publish.call(this, rows);
      },
    });
    const recorded = recordingStatements(db);

    expect(await relay({ publisher, db: recorded.db }).runOnce()).toEqual({
      claimed: 4,
      published: 4,
      failed: 0,
      deferred: 0,
    });
    // One row per key and round, in key order: the second row of order-r only after the first was acked.
    expect(acked).toEqual([[first, other], [second.id], [third.id]]);
    expect(recorded.statements.filter((sql) => sql.includes("SET status = 'SENT'"))).toHaveLength(1);
    expect(recorded.statements).toHaveLength(2); // the claim and the mark
    for (const id of [first, second.id, third.id, other])
      expect(await outboxRow(id)).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO orders (id, total_cents) VALUES ($1, $2)', ['order-x', 1]);
        await enqueueOutbox(tx, orderPlaced('order-x'), TOPIC);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const publisher = new InMemoryPublisher();
    expect((await relay({ publisher }).runOnce()).claimed).toBe(0);
    expect(publisher.published).toEqual([]);
    expect((await db.query('SELECT 1 FROM orders')).rowCount).toBe(0);
  });

  it('refuses a bad destination and a duplicate message id', async () => {
    const message = orderPlaced('order-dup');
    await expect(
      db.transaction((tx) => enqueueOutbox(tx, message, { transport: 'kafka', topic: '' })),
    ).rejects.toThrow(TypeError);
    await db.transaction((tx) => enqueueOutbox(tx, message, TOPIC));
    await expect(db.transaction((tx) => enqueueOutbox(tx, message, TOPIC))).rejects.toMatchObject({
      code: 'DB_QUERY_FAILED',
      sqlState: '23505',
    });
  });

  it('loses nothing when the relay dies between commit and publish: a new relay publishes it', async () => {
    const first = relay({ publisher: new InMemoryPublisher() });
    const messageId = await placeOrder('order-2');
    await first.stop(); // "killed" before it ever ran a batch

    const publisher = new InMemoryPublisher();
    await relay({ publisher }).runOnce();
    expect(publisher.publishedIds).toEqual([messageId]);
    expect((await outboxRow(messageId))?.status).toBe('SENT');
  });

  it('republishes (at-least-once) rows of a relay that died mid-publish once its lease expires', async () => {
    const clock = new FakeClock();
    const messageId = await placeOrder('order-3');
    const hanging: InMemoryPublisher = Object.assign(new InMemoryPublisher(), {
      publish: () => new Promise<never>(() => undefined), // the process "dies" while publishing
    });
    const dying = new OutboxRelay({ db, publisher: hanging, clock, leaseMs: 10_000 });
    void dying.runOnce();
    await waitFor(
      async () =>
        (await db.query('SELECT 1 FROM outbox_messages WHERE claimed_by IS NOT NULL')).rowCount === 1,
      {
        timeoutMs: 5000,
        description: 'the first relay to claim the row',
      },
    );

    const publisher = new InMemoryPublisher();
    const successor = relay({ publisher, clock, leaseMs: 10_000 });
    expect((await successor.runOnce()).claimed).toBe(0); // leased: not published twice in normal operation
    clock.advance(10_001);
    await successor.runOnce();
    expect(publisher.publishedIds).toEqual([messageId]);
    expect((await outboxRow(messageId))?.status).toBe('SENT');
  });

  it('retries a failing publish with capped exponential backoff and keeps per-key order', async () => {
    const clock = new FakeClock();
    const first = await placeOrder('order-4'); // key order-4, fails twice
    const other = await placeOrder('order-5'); // another key: not blocked
    const second = orderPlaced('order-4'); // the same key: must wait for `first`
    await db.transaction((tx) => enqueueOutbox(tx, second, TOPIC));

    let failuresLeft = 2;
    const publisher = new InMemoryPublisher({
      fail: (row: OutboxMessage) => {
        if (row.messageId !== first || failuresLeft === 0) return undefined;
        failuresLeft -= 1;
        return Object.assign(new Error('broker said no'), { code: 'KAFKA_UNAVAILABLE' });
      },
    });
    const outbox = relay({ publisher, clock, backoff: { baseDelayMs: 1000, maxDelayMs: 1500, jitter: 0 } });

    expect(await outbox.runOnce()).toEqual({ claimed: 3, published: 1, failed: 1, deferred: 1 });
    expect(publisher.publishedIds).toEqual([other]);
    expect(await outboxRow(first)).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      last_error: 'KAFKA_UNAVAILABLE: broker said no',
    });
    expect(await outboxRow(second.id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await outbox.stats()).toMatchObject({ pending: 2, sent: 1, failing: 1 });

    clock.advance(999); // first backoff: 1000 ms
    expect((await outbox.runOnce()).claimed).toBe(0); // `second` waits behind `first`, too
    clock.advance(1);
    expect(await outbox.runOnce()).toEqual({ claimed: 2, published: 0, failed: 1, deferred: 1 });
    expect((await outboxRow(first))?.attempts).toBe(2);

    clock.advance(1499); // second backoff: 2000 ms capped at 1500
    expect((await outbox.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect(await outbox.runOnce()).toEqual({ claimed: 2, published: 2, failed: 0, deferred: 0 });

    expect(publisher.publishedIds).toEqual([other, first, second.id]);
    expect(await outboxRow(first)).toMatchObject({ status: 'SENT', attempts: 3, last_error: null });
    expect(await outbox.stats()).toMatchObject({ pending: 0, sent: 3, failing: 0 });
  });

  it('treats a rejected publish and a missing result as failures', async () => {
    const clock = new FakeClock();
    const a = await placeOrder('order-6');
    const b = await placeOrder('order-7');
    const throwing: InMemoryPublisher = Object.assign(new InMemoryPublisher(), {
      publish: () => Promise.reject(new Error('connection lost')),
    });
    expect(await relay({ publisher: throwing, clock }).runOnce()).toMatchObject({ claimed: 2, failed: 2 });
    expect((await outboxRow(a))?.last_error).toBe('Error: connection lost');

    clock.advance(60_000);
    const forgetful: InMemoryPublisher = Object.assign(new InMemoryPublisher(), {
      publish: () => Promise.resolve([{ messageId: a, ok: true as const }]),
    });
    expect(await relay({ publisher: forgetful, clock }).runOnce()).toMatchObject({ published: 1, failed: 1 });
    expect(await outboxRow(b)).toMatchObject({ status: 'PENDING', attempts: 2 });
    expect((await outboxRow(b))?.last_error).toMatch(/^OUTBOX_NO_PUBLISH_RESULT/);
  });

  it('start() polls, notify() wakes it at once, stop() waits for the batch in flight', async () => {
    const publisher = new InMemoryPublisher({ delayMs: () => 50 });
    const outbox = relay({ publisher, pollIntervalMs: 60_000 });
    outbox.start();
    await waitFor(() => publisher.calls === 0 && outbox.isRunning, { timeoutMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the first (empty) poll go to sleep

    const messageId = await placeOrder('order-8');
    const started = Date.now();
    outbox.notify();
    await waitFor(() => publisher.calls === 1, { timeoutMs: 2000, description: 'the notified publish' });
    await outbox.stop(); // waits for the in-flight batch to mark its row
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await outboxRow(messageId))?.status).toBe('SENT');
    expect(outbox.isRunning).toBe(false);
  });

  it('two relays running concurrently publish 200 messages exactly once each, in order per key', async () => {
    // More keys than a batch holds: a relay's batch keeps every key it holds until it marks the batch, so
    // with fewer keys than a batch one relay would hold them all and the other could only wait.
    const keys = Array.from({ length: 20 }, (_, i) => `order-c${String(i)}`);
    const expectedPerKey = new Map<string, string[]>(keys.map((key) => [key, []]));
    const otherDb = await backend.open(); // a second process on PostgreSQL; the same PGlite otherwise
    for (let chunk = 0; chunk < 10; chunk += 1) {
      await db.transaction(async (tx) => {
        for (const key of keys) {
          const message = orderPlaced(key);
          await enqueueOutbox(tx, message, TOPIC);
          expectedPerKey.get(key)?.push(message.id);
        }
      });
    }

    const shared: OutboxMessage[] = []; // both relays' publishes, in publish order
    // Every publish waits 1–3 ms, as a broker round trip does: while one relay waits, the other claims.
    // (With instant publishes one relay could claim every batch before the other's first claim ran.)
    const options = { delayMs: () => 1 + Math.floor(Math.random() * 3), log: shared };
    const publisherA = new InMemoryPublisher(options);
    const publisherB = new InMemoryPublisher(options);
    const relayA = relay({ publisher: publisherA, batchSize: 15, pollIntervalMs: 5 });
    const relayB = new OutboxRelay({ db: otherDb, publisher: publisherB, batchSize: 15, pollIntervalMs: 5 });
    relays.push(relayB);
    relayA.start();
    relayB.start();
    await waitFor(async () => (await relayA.stats()).pending === 0, {
      timeoutMs: 15_000,
      intervalMs: 20,
      description: 'all 200 messages published',
    });
    await Promise.all([relayA.stop(), relayB.stop()]);

    // Both relays took part (in practice the split is about even).
    expect(publisherA.published.length).toBeGreaterThan(0);
    expect(publisherB.published.length).toBeGreaterThan(0);
    const ids = shared.map((row) => row.messageId);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    for (const key of keys) {
      const order = shared.filter((row) => row.key === key).map((row) => row.messageId);
      expect(order).toEqual(expectedPerKey.get(key));
    }
    const { rows } = await db.query<{ attempts: number; n: string }>(
      "SELECT attempts, count(*) AS n FROM outbox_messages WHERE status = 'SENT' GROUP BY attempts",
    );
    expect(rows).toEqual([{ attempts: 1, n: '200' }]);
  });
});
