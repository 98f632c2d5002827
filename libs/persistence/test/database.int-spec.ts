import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, requirePostgres } from '@commlab/testing';
import pg from 'pg';

import {
  type Database,
  DatabaseError,
  type Migration,
  type SqlExecutor,
  isRetriableDbError,
  openDatabase,
} from '../src';

jest.setTimeout(20_000);

const REPO_ROOT = join(__dirname, '..', '..', '..');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const MIGRATIONS: readonly Migration[] = [
  {
    id: '001_create_counters',
    sql: `CREATE TABLE counters (name text PRIMARY KEY, n integer NOT NULL);
          INSERT INTO counters (name, n) VALUES ('hits', 0);`,
  },
  {
    id: '002_create_stock_and_users',
    sql: `CREATE TABLE stock (sku text PRIMARY KEY, qty integer NOT NULL CHECK (qty >= 0));
          CREATE TABLE users (email text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
          CREATE TABLE ledger (id serial PRIMARY KEY, label text NOT NULL);`,
  },
];

function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

function collectingLogger(): { lines: string[]; log: (line: string) => void; warn: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line), warn: (line) => lines.push(line) };
}

async function rejection(promise: Promise<unknown>): Promise<DatabaseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseError);
    return error as DatabaseError;
  }
  throw new Error('expected a rejection');
}

/** How each backend opens "its" store: the same one again when `persistent`, a fresh one otherwise. */
interface Backend {
  name: string;
  kind: Database['kind'];
  persistent: boolean;
  setup(): Promise<void>;
  open(migrations: readonly Migration[], logger?: ReturnType<typeof collectingLogger>): Promise<Database>;
  teardown(): Promise<void>;
}

let postgresUrl = '';
const droppedSchemas: string[] = [];

async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (postgresUrl === '' || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

function pgliteInMemory(): Backend {
  return {
    name: 'PGlite in memory',
    kind: 'pglite',
    persistent: false,
    setup: () => Promise.resolve(),
    open: (migrations, logger) => openDatabase({ service: 'persistence-test', migrations, logger }),
    teardown: () => Promise.resolve(),
  };
}

function pgliteOnDisk(thread: 'main' | 'worker' = 'main'): Backend {
  let root = '';
  return {
    name: thread === 'main' ? 'PGlite on a data directory' : 'PGlite on a data directory, on a worker thread',
    kind: 'pglite',
    persistent: true,
    setup: async () => {
      root = await mkdtemp(join(tmpdir(), 'commlab-persistence-'));
    },
    // A directory that does not exist yet: openDatabase creates it.
    open: (migrations, logger) =>
      openDatabase({
        service: 'persistence-test',
        dataDir: join(root, 'nested', 'pgdata'),
        migrations,
        logger,
        pgliteThread: thread,
      }),
    teardown: async () => {
      if (root !== '') await rm(root, { recursive: true, force: true });
    },
  };
}

function postgres(): Backend {
  const schema = uniqueName('persistence_test');
  return {
    name: 'PostgreSQL',
    kind: 'postgres',
    persistent: true,
    setup: async () => {
      postgresUrl = await requirePostgres();
      droppedSchemas.push(schema);
    },
    open: (migrations, logger) =>
      openDatabase({ service: 'persistence-test', url: postgresUrl, schema, migrations, logger }),
    teardown: () => Promise.resolve(),
  };
}

describe.each([pgliteInMemory(), pgliteOnDisk(), pgliteOnDisk('worker'), postgres()])(
  'Database on $name',
  (backend) => {
    let db: Database;
    const logger = collectingLogger();

    beforeAll(async () => {
      await backend.setup();
      db = await backend.open(MIGRATIONS, logger);
    });

    afterAll(async () => {
      await db.close();
      await backend.teardown();
    });

    it('applies every migration once, in order, and records it', async () => {
      expect(db.kind).toBe(backend.kind);
      const { rows } = await db.query<{ id: string; checksum: string; applied_at: Date }>(
        'SELECT id, checksum, applied_at FROM schema_migrations ORDER BY id',
      );
      expect(rows.map((row) => row.id)).toEqual(['001_create_counters', '002_create_stock_and_users']);
      for (const row of rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.applied_at).toBeInstanceOf(Date);
      }
      expect(logger.lines.filter((line) => line.includes('applied migration'))).toHaveLength(2);
    });

    it('commits a transaction and returns its result', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.query('INSERT INTO stock (sku, qty) VALUES ($1, $2)', ['commit-sku', 3]);
        return 'done';
      });
      expect(result).toBe('done');
      const { rows } = await db.query<{ qty: number }>('SELECT qty FROM stock WHERE sku = $1', [
        'commit-sku',
      ]);
      expect(rows).toStrictEqual([{ qty: 3 }]);
    });

    it('rolls a transaction back when its callback throws, and rethrows that error', async () => {
      const failure = new Error('business rule says no');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO stock (sku, qty) VALUES ($1, $2)', ['rollback-sku', 1]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      const { rowCount } = await db.query('SELECT 1 FROM stock WHERE sku = $1', ['rollback-sku']);
      expect(rowCount).toBe(0);
    });

    it('rolls back when a statement fails inside the transaction', async () => {
      const error = await rejection(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO stock (sku, qty) VALUES ($1, $2)', ['check-sku', 1]);
          await tx.query('INSERT INTO stock (sku, qty) VALUES ($1, $2)', ['negative-sku', -1]);
        }),
      );
      expect(error).toMatchObject({ code: 'DB_QUERY_FAILED', sqlState: '23514', retriable: false });
      expect((await db.query('SELECT 1 FROM stock WHERE sku = $1', ['check-sku'])).rowCount).toBe(0);
    });

    it('serializes 50 concurrent read-modify-write transactions (SELECT … FOR UPDATE): n ends at 50', async () => {
      await db.query("UPDATE counters SET n = 0 WHERE name = 'hits'");
      await Promise.all(
        Array.from({ length: 50 }, () =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>(
              "SELECT n FROM counters WHERE name = 'hits' FOR UPDATE",
            );
            await tx.query("UPDATE counters SET n = $1 WHERE name = 'hits'", [rows[0]!.n + 1]);
          }),
        ),
      );
      const { rows } = await db.query<{ n: number }>("SELECT n FROM counters WHERE name = 'hits'");
      expect(rows[0]!.n).toBe(50);
    });

    it('never oversells: 50 concurrent conditional decrements of qty 10 → exactly 10 succeed', async () => {
      await db.query('INSERT INTO stock (sku, qty) VALUES ($1, 10)', ['race-sku']);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          db.query('UPDATE stock SET qty = qty - 1 WHERE sku = $1 AND qty >= 1', ['race-sku']),
        ),
      );
      expect(results.reduce((sum, { rowCount }) => sum + rowCount, 0)).toBe(10);
      const { rows } = await db.query<{ qty: number }>('SELECT qty FROM stock WHERE sku = $1', ['race-sku']);
      expect(rows[0]!.qty).toBe(0);
    });

    it('accepts an isolation level', async () => {
      const { rows } = await db.transaction(
        (tx) => tx.query<{ level: string }>("SELECT current_setting('transaction_isolation') AS level"),
        {
          isolation: 'serializable',
        },
      );
      expect(rows[0]!.level).toBe('serializable');
    });

    it('returns the same JavaScript values on every backend', async () => {
      const at = new Date('2026-11-22T05:54:50.123Z');
      const { rows } = await db.query(
        `SELECT 5::int8 AS big, 1.50::numeric AS num, 7::int4 AS small, true AS yes, $1::timestamptz AS at,
              '2026-01-02'::date AS day, '{"a":[1,2]}'::jsonb AS doc, '\\x0102'::bytea AS bytes,
              ARRAY[1,2]::int4[] AS list, NULL::text AS nothing, $2::jsonb AS param_doc`,
        [at, { b: 'c' }],
      );
      expect(rows).toStrictEqual([
        {
          big: '5',
          num: '1.50',
          small: 7,
          yes: true,
          at,
          day: '2026-01-02',
          doc: { a: [1, 2] },
          bytes: Buffer.from([1, 2]),
          list: [1, 2],
          nothing: null,
          param_doc: { b: 'c' },
        },
      ]);
      expect(rows[0]!.at).toBeInstanceOf(Date);
    });

    it('reports a unique violation as DB_QUERY_FAILED with SQLSTATE 23505 and the constraint', async () => {
      await db.query('INSERT INTO users (email) VALUES ($1)', ['alice@example.com']);
      const error = await rejection(db.query('INSERT INTO users (email) VALUES ($1)', ['alice@example.com']));
      expect(error).toMatchObject({
        code: 'DB_QUERY_FAILED',
        sqlState: '23505',
        constraint: 'users_pkey',
        retriable: false,
      });
      expect(isRetriableDbError(error)).toBe(false);
      expect(error.cause).toBeDefined();
    });

    it('refuses to use the database itself inside one of its transactions (it would deadlock on PGlite)', async () => {
      const error = await rejection(db.transaction(() => db.query('SELECT 1')));
      expect(error.code).toBe('DB_TRANSACTION_MISUSE');
    });

    it('answers ping', async () => {
      await expect(db.ping(2000)).resolves.toBeUndefined();
    });

    if (backend.persistent) {
      it('keeps data across a reopen and does not run migrations again', async () => {
        await db.query('INSERT INTO stock (sku, qty) VALUES ($1, 42)', ['durable-sku']);
        await db.close();
        const reopenLogger = collectingLogger();
        db = await backend.open(MIGRATIONS, reopenLogger);
        const { rows } = await db.query<{ qty: number }>('SELECT qty FROM stock WHERE sku = $1', [
          'durable-sku',
        ]);
        expect(rows).toStrictEqual([{ qty: 42 }]);
        expect(reopenLogger.lines.filter((line) => line.includes('applied migration'))).toEqual([]);
        expect((await db.query('SELECT id FROM schema_migrations')).rowCount).toBe(2);
      });

      it('applies only the new migration when one is added', async () => {
        await db.close();
        const added: Migration = { id: '003_add_price', sql: 'ALTER TABLE stock ADD COLUMN price numeric' };
        const reopenLogger = collectingLogger();
        db = await backend.open([...MIGRATIONS, added], reopenLogger);
        expect(reopenLogger.lines.filter((line) => line.includes('applied migration'))).toEqual([
          expect.stringContaining('003_add_price'),
        ]);
      });

      it('refuses to open when an applied migration changed (MIGRATION_CHECKSUM_MISMATCH naming it)', async () => {
        await db.close();
        const edited = [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, sql: `${MIGRATIONS[1]!.sql}\n-- edited` }];
        const error = await rejection(backend.open(edited));
        expect(error.code).toBe('MIGRATION_CHECKSUM_MISMATCH');
        expect(error.message).toContain('002_create_stock_and_users');
        db = await backend.open(MIGRATIONS); // the store is still usable with the right migrations
      });
    }

    // Last: closes the suite's own store (afterAll closes it once more, which must be harmless too).
    it('closes idempotently; later calls fail with DB_CLOSED', async () => {
      await Promise.all([db.close(), db.close()]);
      await db.close();
      expect((await rejection(db.query('SELECT 1'))).code).toBe('DB_CLOSED');
      expect((await rejection(db.transaction(() => Promise.resolve()))).code).toBe('DB_CLOSED');
      expect((await rejection(db.ping())).code).toBe('DB_CLOSED');
    });
  },
);

describe('PGlite in memory, again', () => {
  it('starts every in-memory store empty (the cached initdb template holds no data)', async () => {
    const db = await openDatabase({ service: 'second', migrations: [] });
    try {
      const { rows } = await db.query<{ found: string | null }>(
        "SELECT to_regclass('counters')::text AS found",
      );
      expect(rows).toStrictEqual([{ found: null }]);
      expect((await db.query('SELECT id FROM schema_migrations')).rowCount).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('PGlite on a worker thread', () => {
  /** How often a 5 ms timer of the caller's thread fired while `work` ran. */
  async function timerTicksDuring(work: () => Promise<unknown>): Promise<number> {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
    return ticks;
  }

  it("leaves the caller's event loop free while a statement runs (on the caller's thread, it is held)", async () => {
    const onWorker = await openDatabase({ service: 'worker', migrations: [], pgliteThread: 'worker' });
    const onMain = await openDatabase({ service: 'main', migrations: [] });
    try {
      const workerTicks = await timerTicksDuring(() => onWorker.query('SELECT pg_sleep(0.3)'));
      const mainTicks = await timerTicksDuring(() => onMain.query('SELECT pg_sleep(0.3)'));
      expect({ workerTicks: workerTicks >= 10, mainTicks: mainTicks <= 2 }).toStrictEqual({
        workerTicks: true,
        mainTicks: true,
      });
    } finally {
      await onWorker.close();
      await onMain.close();
    }
  });

  it("hands back the same values as PGlite on the caller's thread (the worker sends text, parsed here)", async () => {
    const sql = `SELECT 9007199254740993::int8 AS big, 1.50::numeric AS amount, '2026-12-07'::date AS day,
                 '2026-12-07 10:00:00.123+00'::timestamptz AS at, '{"a":[1,2]}'::jsonb AS doc,
                 '\\x00ff'::bytea AS bytes, NULL::text AS nothing, 'x' AS plain`;
    const onWorker = await openDatabase({ service: 'worker', migrations: [], pgliteThread: 'worker' });
    const onMain = await openDatabase({ service: 'main', migrations: [] });
    try {
      const fromWorker = (await onWorker.query(sql)).rows;
      expect(fromWorker).toStrictEqual((await onMain.query(sql)).rows);
      expect(fromWorker[0]).toMatchObject({
        big: '9007199254740993',
        at: new Date('2026-12-07T10:00:00.123Z'),
      });
      expect(Buffer.isBuffer(fromWorker[0]?.bytes)).toBe(true);
    } finally {
      await onWorker.close();
      await onMain.close();
    }
  });

  it('does not keep a process alive once nothing waits for it (a store left open, as pnpm start runs code)', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@commlab/source',
        '-r',
        '@swc-node/register',
        join(__dirname, 'fixtures', 'leave-worker-store-open.ts'),
      ],
      // This environment; @swc-node/register reads the repo's tsconfig.json from the working directory.
      { cwd: REPO_ROOT },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      exited,
      new Promise<string>((resolve) => (timer = setTimeout(resolve, 15_000, 'still running after 15 s'))),
    ]);
    clearTimeout(timer);
    child.kill('SIGKILL');
    expect({ outcome, output: output.trim() }).toStrictEqual({ outcome: 0, output: 'answer 42' });
  });
});

describe('PostgreSQL specifics', () => {
  const schemaA = uniqueName('persistence_test');
  const schemaB = uniqueName('persistence_test');
  const open: Database[] = [];

  beforeAll(async () => {
    postgresUrl = await requirePostgres();
    droppedSchemas.push(schemaA, schemaB);
  });

  afterAll(async () => {
    await Promise.all(open.map((db) => db.close()));
  });

  /** A store in schemaA (its table only_in_a), closed after these tests. */
  async function openInSchemaA(service: string, poolSize?: number): Promise<Database> {
    const db = await openDatabase({
      service,
      url: postgresUrl,
      schema: schemaA,
      migrations: [{ id: '001_a', sql: 'CREATE TABLE only_in_a (id int)' }],
      ...(poolSize === undefined ? {} : { poolSize }),
    });
    open.push(db);
    return db;
  }

  it('keeps stores in different schemas apart', async () => {
    const [a, b] = await Promise.all([
      openDatabase({
        service: 'store-a',
        url: postgresUrl,
        schema: schemaA,
        migrations: [{ id: '001_a', sql: 'CREATE TABLE only_in_a (id int)' }],
      }),
      openDatabase({
        service: 'store-b',
        url: postgresUrl,
        schema: schemaB,
        migrations: [{ id: '001_b', sql: 'CREATE TABLE only_in_b (id int)' }],
      }),
    ]);
    open.push(a, b);
    await a.query('INSERT INTO only_in_a VALUES (1)');
    expect((await rejection(b.query('SELECT * FROM only_in_a'))).sqlState).toBe('42P01');
    expect((await rejection(a.query('SELECT * FROM only_in_b'))).sqlState).toBe('42P01');
    expect((await b.query('SELECT id FROM schema_migrations')).rows).toStrictEqual([{ id: '001_b' }]);
  });

  it('lets two instances boot at once: the advisory lock makes one migrate, the other wait', async () => {
    const schema = uniqueName('persistence_test');
    droppedSchemas.push(schema);
    const options = { service: 'twin', url: postgresUrl, schema, migrations: MIGRATIONS };
    const twins = await Promise.all([openDatabase(options), openDatabase(options)]);
    open.push(...twins);
    expect((await twins[0].query('SELECT id FROM schema_migrations')).rowCount).toBe(2);
  });

  it('surfaces a serialization failure as retriable DB_SERIALIZATION_FAILURE', async () => {
    const db = await openInSchemaA('serializable');
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Write skew: both read the table, then both insert. SERIALIZABLE must abort one of them.
    const writer = (id: number) =>
      db.transaction(
        async (tx) => {
          await tx.query('SELECT count(*) FROM only_in_a');
          if (++arrived === 2) release();
          await bothRead;
          await tx.query('INSERT INTO only_in_a VALUES ($1)', [id]);
        },
        { isolation: 'serializable' },
      );
    const results = await Promise.allSettled([writer(10), writer(11)]);
    const failures = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    expect(failures).toHaveLength(1);
    const reason: unknown = failures[0]!.reason;
    expect(reason).toMatchObject({ code: 'DB_SERIALIZATION_FAILURE', sqlState: '40001', retriable: true });
    expect(isRetriableDbError(reason)).toBe(true);
  });

  // pnpm chaos pg-terminate: a connection terminated while a transaction held it made node-postgres emit
  // 'error' on a client that had no listener — an uncaught exception that killed the whole service.
  it.each([
    {
      when: 'between two statements',
      work: async (tx: SqlExecutor, terminate: () => Promise<void>) => {
        await terminate();
        await sleep(300); // the server's FATAL message and the socket's end arrive with no query active
        await tx.query('SELECT 1');
      },
    },
    {
      when: 'during a statement',
      work: async (tx: SqlExecutor, terminate: () => Promise<void>) => {
        await Promise.all([tx.query('SELECT pg_sleep(5)'), sleep(100).then(terminate)]);
      },
    },
  ])(
    'survives pg_terminate_backend of its connection $when: the transaction fails DB_UNAVAILABLE, the process lives on',
    async ({ work }) => {
      const db = await openInSchemaA('terminated');
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      try {
        const outcome = db.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await work(tx, async () => {
            await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          });
        });
        expect(await rejection(outcome)).toMatchObject({ code: 'DB_UNAVAILABLE', retriable: true });
        // Let the dead socket's last events arrive: none of them may escape as an uncaught 'error'.
        await sleep(300);
        expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toStrictEqual([{ one: 1 }]);
      } finally {
        await admin.end();
      }
    },
  );

  // The same under load: a client released by one caller is handed to a waiting one in the same socket
  // callback, before that caller's code runs; a termination read in that callback found no listener.
  it('survives pg_terminate_backend of all its connections, again and again, under concurrent transactions and queries', async () => {
    const service = uniqueName('terminated');
    const db = await openInSchemaA(service, 3);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    let stop = false;
    const outcomes = { ok: 0, unavailable: 0, other: [] as unknown[] };
    const worker = async (n: number) => {
      while (!stop) {
        try {
          if (n % 2 === 0)
            await db.transaction(async (tx) => {
              await tx.query('INSERT INTO only_in_a (id) VALUES ($1)', [n]);
              await tx.query('SELECT count(*) FROM only_in_a WHERE id = $1', [n]);
            });
          else await db.query('SELECT count(*) FROM only_in_a WHERE id = $1', [n]);
          outcomes.ok += 1;
        } catch (error) {
          if (isRetriableDbError(error)) outcomes.unavailable += 1;
          else outcomes.other.push(error);
        }
      }
    };
    try {
      const workers = Array.from({ length: 12 }, (_, n) => worker(n));
      for (let round = 0; round < 40; round++) {
        await sleep(50);
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [service],
        );
      }
      stop = true;
      await Promise.all(workers);
    } finally {
      await admin.end();
    }
    // Terminations did hit work in flight, and every failure was a retriable one.
    expect(outcomes.unavailable).toBeGreaterThan(0);
    expect(outcomes.other).toStrictEqual([]);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toStrictEqual([{ one: 1 }]);
  });

  it('reports an unreachable server as retriable DB_UNAVAILABLE without the password', async () => {
    const port = await freePort();
    const password = 'sup3r-secret-pw';
    const error = await rejection(
      openDatabase({
        service: 'unreachable',
        url: `postgres://app:${password}@127.0.0.1:${port}/app`,
        migrations: MIGRATIONS,
      }),
    );
    expect(error.code).toBe('DB_UNAVAILABLE');
    expect(error.retriable).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain(password);
    expect(String(error.stack)).not.toContain(password);
  });
});

afterAll(async () => {
  await dropSchemas(droppedSchemas);
});
