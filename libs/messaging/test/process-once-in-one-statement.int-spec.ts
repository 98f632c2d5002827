import type { Database, SqlExecutor } from '@commlab/persistence';

import { type OneStatementEffect, processOnceInOneStatement } from '../src';
import {
  type Backend,
  pgliteBackend,
  postgresBackend,
  readCounter,
  recordingStatements,
} from './messaging-test-kit';

jest.setTimeout(20_000);

/** Adds `by` to each named counter (one upsert of several rows) — an effect known before it runs. */
function bump(names: readonly string[], by = 1): OneStatementEffect {
  return {
    writes: `bumped AS (
       INSERT INTO counters (name, n) SELECT name, $4::int FROM first_delivery, unnest($3::text[]) AS name
       ON CONFLICT (name) DO UPDATE SET n = counters.n + EXCLUDED.n RETURNING n)`,
    params: [names, by],
    select: '(SELECT count(*) FROM bumped)::int AS bumped',
  };
}

describe.each([pgliteBackend(), postgresBackend()])(
  'processOnceInOneStatement on $name',
  (backend: Backend) => {
    let db: Database;

    const count = (name: string) => readCounter(db, name);

    beforeAll(async () => {
      await backend.setup();
      db = await backend.open();
    });

    afterAll(async () => {
      await backend.teardown();
    });

    it('writes the effect once per message id, in one statement and no transaction', async () => {
      const recorded = recordingStatements(db);
      const first = await processOnceInOneStatement(recorded.db, 'projector', 'msg-1', bump(['a1', 'b1']));
      const again = await processOnceInOneStatement(recorded.db, 'projector', 'msg-1', bump(['a1', 'b1']));
      expect(first).toEqual({ status: 'processed', result: { bumped: 2 } });
      expect(again).toEqual({ status: 'duplicate' });
      expect(recorded.statements).toHaveLength(2);
      expect(recorded.statements.some((sql) => sql === 'BEGIN')).toBe(false);
      expect([await count('a1'), await count('b1')]).toEqual([1, 1]);
      // Another consumer has an inbox of its own.
      expect((await processOnceInOneStatement(db, 'auditor', 'msg-1', bump(['a1']))).status).toBe(
        'processed',
      );
      expect(await count('a1')).toBe(2);
    });

    it('answers `true AS first` without a select of its own', async () => {
      const { writes, params } = bump(['plain']);
      expect(await processOnceInOneStatement(db, 'projector', 'msg-plain', { writes, params })).toEqual({
        status: 'processed',
        result: { first: true },
      });
    });

    it('a failing write fails the whole statement, inbox row included: the redelivery processes it', async () => {
      await expect(
        processOnceInOneStatement(db, 'projector', 'msg-fails', {
          writes: `bumped AS (INSERT INTO counters (name, n) SELECT 'fails', NULL FROM first_delivery)`,
          params: [],
        }),
      ).rejects.toMatchObject({ code: 'DB_QUERY_FAILED', sqlState: '23502' });
      expect(await processOnceInOneStatement(db, 'projector', 'msg-fails', bump(['fails']))).toMatchObject({
        status: 'processed',
      });
      expect(await count('fails')).toBe(1);
    });

    it('refuses writes that do not read the inbox row, and empty names', async () => {
      const unguarded = { writes: "w AS (INSERT INTO counters (name, n) VALUES ('x', 1))", params: [] };
      await expect(processOnceInOneStatement(db, 'projector', 'msg-x', unguarded)).rejects.toThrow(
        /FROM first_delivery/,
      );
      await expect(processOnceInOneStatement(db, '', 'msg-x', bump(['x']))).rejects.toThrow(TypeError);
      await expect(processOnceInOneStatement(db, 'projector', '', bump(['x']))).rejects.toThrow(TypeError);
      expect(await count('x')).toBe(0);
    });

    it('20 concurrent deliveries of one id → exactly one effect', async () => {
      const others =
        backend.name === 'postgres' ? await Promise.all([backend.open(), backend.open()]) : [db, db];
      const stores = [db, ...others];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          processOnceInOneStatement(
            stores[i % stores.length] ?? db,
            'projector',
            'msg-concurrent',
            bump(['c']),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'processed')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(19);
      expect(await count('c')).toBe(1);
    });

    it('a concurrent duplicate of a delivery that rolls back gets to process it', async () => {
      // The first delivery runs inside a transaction that holds its inbox row, then rolls back.
      let holdsInboxRow!: () => void;
      const firstHoldsInboxRow = new Promise<void>((resolve) => {
        holdsInboxRow = resolve;
      });
      const results = await Promise.allSettled([
        db.transaction(async (tx: SqlExecutor) => {
          await processOnceInOneStatement(tx, 'projector', 'msg-race', bump(['race']));
          holdsInboxRow();
          await new Promise((resolve) => setTimeout(resolve, 30));
          throw new Error('first delivery failed');
        }),
        firstHoldsInboxRow.then(() => processOnceInOneStatement(db, 'projector', 'msg-race', bump(['race']))),
      ]);
      expect(results[0].status).toBe('rejected');
      expect(results[1]).toEqual({
        status: 'fulfilled',
        value: { status: 'processed', result: { bumped: 1 } },
      });
      expect(await count('race')).toBe(1);
    });
  },
);
