import type { Database, SqlExecutor } from '@commlab/persistence';

import { processOnce, pruneInbox } from '../src';
import { type Backend, pgliteBackend, postgresBackend, readCounter } from './messaging-test-kit';

jest.setTimeout(20_000);

describe.each([pgliteBackend(), postgresBackend()])('processOnce on $name', (backend: Backend) => {
  let db: Database;

  async function bump(tx: SqlExecutor, name: string): Promise<number> {
    const { rows } = await tx.query<{ n: number }>(
      `INSERT INTO counters (name, n) VALUES ($1, 1)
       ON CONFLICT (name) DO UPDATE SET n = counters.n + 1 RETURNING n`,
      [name],
    );
    return rows[0]?.n ?? 0;
  }

  const count = (name: string) => readCounter(db, name);

  beforeAll(async () => {
    await backend.setup();
    db = await backend.open();
  });

  afterAll(async () => {
    await backend.teardown();
  });

  it('runs the effect once for the same message id delivered twice', async () => {
    const first = await processOnce(db, 'stock-reserver', 'msg-1', (tx) => bump(tx, 'twice'));
    const second = await processOnce(db, 'stock-reserver', 'msg-1', (tx) => bump(tx, 'twice'));
    expect(first).toEqual({ status: 'processed', result: 1 });
    expect(second).toEqual({ status: 'duplicate' });
    expect(await count('twice')).toBe(1);
  });

  it('dedupes per consumer: another consumer processes the same id', async () => {
    await processOnce(db, 'consumer-a', 'msg-2', (tx) => bump(tx, 'per-consumer'));
    expect((await processOnce(db, 'consumer-b', 'msg-2', (tx) => bump(tx, 'per-consumer'))).status).toBe(
      'processed',
    );
    expect(await count('per-consumer')).toBe(2);
  });

  it('records nothing when the effect throws, so the redelivery processes it', async () => {
    await expect(
      processOnce(db, 'stock-reserver', 'msg-3', async (tx) => {
        await bump(tx, 'throws');
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await count('throws')).toBe(0);
    expect((await db.query("SELECT 1 FROM inbox_messages WHERE message_id = 'msg-3'")).rowCount).toBe(0);

    expect(await processOnce(db, 'stock-reserver', 'msg-3', (tx) => bump(tx, 'throws'))).toEqual({
      status: 'processed',
      result: 1,
    });
  });

  it('20 concurrent deliveries of one id → exactly one effect', async () => {
    const others =
      backend.name === 'postgres' ? await Promise.all([backend.open(), backend.open()]) : [db, db];
    const stores = [db, ...others];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        processOnce(stores[i % stores.length] ?? db, 'stock-reserver', 'msg-concurrent', async (tx) => {
          const n = await bump(tx, 'concurrent');
          await new Promise((resolve) => setTimeout(resolve, 5)); // widen the race window
          return n;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'processed')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(19);
    expect(await count('concurrent')).toBe(1);
  });

  it('a concurrent duplicate of a delivery that fails gets to process it', async () => {
    // The duplicate starts once the first delivery holds its inbox row (signalled from inside its effect),
    // not after a guessed delay: on a loaded machine a 10 ms head start did not always put it ahead.
    let holdsInboxRow!: () => void;
    const firstHoldsInboxRow = new Promise<void>((resolve) => {
      holdsInboxRow = resolve;
    });
    const results = await Promise.allSettled([
      processOnce(db, 'stock-reserver', 'msg-race-fail', async (tx) => {
        await bump(tx, 'race-fail');
        holdsInboxRow();
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('first delivery failed');
      }),
      firstHoldsInboxRow.then(() =>
        processOnce(db, 'stock-reserver', 'msg-race-fail', (tx) => bump(tx, 'race-fail')),
      ),
    ]);
    expect(results[0].status).toBe('rejected');
    expect(results[1]).toEqual({ status: 'fulfilled', value: { status: 'processed', result: 1 } });
    expect(await count('race-fail')).toBe(1);
  });

  it('pruneInbox deletes old rows only', async () => {
    await processOnce(db, 'pruner', 'old', () => Promise.resolve());
    expect(await pruneInbox(db, new Date(Date.now() - 60_000))).toBe(0);
    expect(await pruneInbox(db, new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect((await processOnce(db, 'pruner', 'old', () => Promise.resolve())).status).toBe('processed');
  });
});
