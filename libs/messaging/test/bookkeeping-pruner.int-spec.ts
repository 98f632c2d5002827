import { randomUUID } from 'node:crypto';

import type { Database } from '@commlab/persistence';
import { waitFor } from '@commlab/testing';

import { BookkeepingPruner, enqueueOutbox, OutboxRelay, recordInInbox } from '../src';
import {
  type Backend,
  FakeClock,
  InMemoryPublisher,
  orderPlaced,
  pgliteBackend,
  postgresBackend,
} from './messaging-test-kit';

jest.setTimeout(30_000);

const TOPIC = { transport: 'kafka', topic: 'commlab.orders' } as const;
/** Rows of this key always fail to publish: they stay PENDING, and the pruner must leave them. */
const STUCK_KEY = 'stuck-order';

interface Counts {
  pending: number;
  sent: number;
  inbox: number;
}

describe.each([pgliteBackend(), postgresBackend()])('bookkeeping pruner on $name', (backend: Backend) => {
  let db: Database;

  async function counts(): Promise<Counts> {
    const { rows } = await db.query<{ pending: string; sent: string; inbox: string }>(
      `SELECT (SELECT count(*) FROM outbox_messages WHERE status = 'PENDING') AS pending,
              (SELECT count(*) FROM outbox_messages WHERE status = 'SENT') AS sent,
              (SELECT count(*) FROM inbox_messages) AS inbox`,
    );
    const row = rows[0];
    return { pending: Number(row?.pending), sent: Number(row?.sent), inbox: Number(row?.inbox) };
  }

  async function placeOrder(orderId: string): Promise<void> {
    await db.transaction((tx) => enqueueOutbox(tx, orderPlaced(orderId), TOPIC));
  }

  beforeAll(async () => {
    await backend.setup();
    db = await backend.open();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM outbox_messages');
    await db.query('DELETE FROM inbox_messages');
  });

  afterAll(() => backend.teardown());

  it('deletes old SENT rows and old inbox rows in batches, and never a PENDING row', async () => {
    const relay = new OutboxRelay({
      db,
      publisher: new InMemoryPublisher({
        fail: (row) => (row.key === STUCK_KEY ? new Error('broker refuses') : undefined),
      }),
    });
    for (let i = 0; i < 30; i += 1) await placeOrder(`old-${String(i)}`);
    await placeOrder(STUCK_KEY);
    for (let i = 0; i < 25; i += 1) await recordInInbox(db, 'test-consumer', randomUUID());
    while ((await relay.runOnce()).published > 0);
    expect(await counts()).toEqual({ pending: 1, sent: 30, inbox: 25 });

    // Everything is "old" for a pruner whose clock is an hour ahead; batches of 7 need several rounds.
    const inAnHour = new Date(Date.now() + 3_600_000);
    const pruner = new BookkeepingPruner({
      db,
      outboxRetentionMs: 60_000,
      inboxRetentionMs: 60_000,
      batchSize: 7,
      clock: { now: () => inAnHour },
    });
    expect(await pruner.pruneOnce()).toEqual({ outbox: 30, inbox: 25 });
    expect(await counts()).toEqual({ pending: 1, sent: 0, inbox: 0 });

    // Rows younger than the window stay.
    await placeOrder('young');
    await recordInInbox(db, 'test-consumer', randomUUID());
    while ((await relay.runOnce()).published > 0);
    const now = new BookkeepingPruner({ db, outboxRetentionMs: 60_000, inboxRetentionMs: 60_000 });
    expect(await now.pruneOnce()).toEqual({ outbox: 0, inbox: 0 });
    expect(await counts()).toEqual({ pending: 1, sent: 1, inbox: 1 });
  });

  it('keeps both tables bounded under a steady load', async () => {
    // Simulated time, so the bound is exact whatever the machine's load: a write every 10 ms, a pruning
    // run every 100 ms, 400 ms windows — at most 40 + 10 rows of each kind can be alive at a run.
    const clock = new FakeClock();
    const stepMs = 10;
    const runEvery = 10;
    const retentionMs = 400;
    const bound = retentionMs / stepMs + runEvery;
    const relay = new OutboxRelay({
      db,
      clock,
      publisher: new InMemoryPublisher({
        fail: (row) => (row.key === STUCK_KEY ? new Error('broker refuses') : undefined),
      }),
    });
    const pruner = new BookkeepingPruner({
      db,
      clock,
      outboxRetentionMs: retentionMs,
      inboxRetentionMs: retentionMs,
      batchSize: 7,
    });
    await placeOrder(STUCK_KEY);

    const steps = 150;
    const seen: Counts[] = [];
    let pruned = 0;
    for (let step = 1; step <= steps; step += 1) {
      await placeOrder(`steady-${String(step)}`);
      await db.query('INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES ($1, $2, $3)', [
        'test-consumer',
        randomUUID(),
        clock.now(),
      ]);
      await relay.runOnce();
      clock.advance(stepMs);
      if (step % runEvery === 0) {
        const { outbox, inbox } = await pruner.pruneOnce();
        pruned += outbox + inbox;
        seen.push(await counts());
      }
    }

    expect(Math.max(...seen.map((c) => c.sent))).toBeLessThanOrEqual(bound);
    expect(Math.max(...seen.map((c) => c.inbox))).toBeLessThanOrEqual(bound);
    expect(pruned).toBeGreaterThanOrEqual(2 * (steps - bound));
    // The row the broker refuses is still there, PENDING, after all those runs.
    expect(seen.every((c) => c.pending === 1)).toBe(true);
  });

  it('runs on its timer from start() until stop()', async () => {
    for (let i = 0; i < 12; i += 1) {
      await db.query(
        "INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES ($1, $2, now() - interval '1 hour')",
        ['test-consumer', randomUUID()],
      );
    }
    const pruner = new BookkeepingPruner({ db, inboxRetentionMs: 60_000, intervalMs: 50, batchSize: 5 });
    pruner.start();
    try {
      await waitFor(async () => (await counts()).inbox === 0, {
        timeoutMs: 5_000,
        description: 'the inbox is pruned',
      });
    } finally {
      await pruner.stop();
    }
    await db.query(
      "INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES ($1, $2, now() - interval '1 hour')",
      ['test-consumer', randomUUID()],
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await counts()).inbox).toBe(1);
  });

  it('refuses a window or batch that is not positive', () => {
    expect(() => new BookkeepingPruner({ db, outboxRetentionMs: 0 })).toThrow(
      /outboxRetentionMs must be > 0/,
    );
    expect(() => new BookkeepingPruner({ db, inboxRetentionMs: -1 })).toThrow(/inboxRetentionMs must be > 0/);
    expect(() => new BookkeepingPruner({ db, batchSize: 0 })).toThrow(/batchSize must be ≥ 1/);
  });
});
