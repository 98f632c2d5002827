/**
 * The messages between a service's thread and the worker thread that runs its PGlite (pglite-thread.ts).
 * Statements of a transaction name it (`tx`); everything else runs outside one.
 */
export type PgliteThreadRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** A driver error as plain data: the fields `toDatabaseError` reads, which a thread hop would lose. */
export interface PgliteThreadError {
  message: string;
  code?: string;
  constraint?: string;
  detail?: string;
}

export interface PgliteThreadField {
  name: string;
  dataTypeID: number;
}

export type PgliteThreadReply =
  | {
      id: number;
      ok: true;
      rows?: Record<string, unknown>[];
      rowCount?: number;
      fields?: PgliteThreadField[];
    }
  | { id: number; ok: false; error: PgliteThreadError };

/** What the worker is started with. */
export interface PgliteThreadData {
  /** The installed `@electric-sql/pglite`'s CommonJS entry (an eval'd worker resolves from the cwd). */
  pglitePath: string;
  dataDir?: string;
  /** An initdb template to start a new store from (`loadDataDir`). */
  template?: ArrayBuffer;
  /** Types PGlite must hand back as text: the service's thread parses them (pglite-values.ts). */
  textTypes: number[];
}

/**
 * The worker thread's whole program. It runs from its source text (`new Worker(source, { eval: true })`),
 * so it uses nothing from its module: no imports, no outer names, only Node's globals and `require`.
 * It opens PGlite, posts `{ ready: true }` (or `{ ready: false, error }`), then answers each request in
 * the order PGlite runs them: a transaction holds PGlite's own lock from `begin` to `end`, so statements
 * outside it wait, as they do when PGlite runs on the service's thread.
 */
export function pgliteThreadMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an eval'd worker has no imports
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const data = threads.workerData as PgliteThreadData;
  const port = threads.parentPort;
  if (port === null) return;

  interface Executor {
    query(
      sql: string,
      params?: unknown[],
    ): Promise<{ rows: unknown[]; rowCount?: number; fields: PgliteThreadField[] }>;
    exec(sql: string): Promise<unknown>;
  }
  interface Engine extends Executor {
    transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
    close(): Promise<void>;
  }
  interface OpenTransaction {
    tx: Executor;
    finish(commit: boolean): void;
    endId?: number;
  }

  /** The reason a transaction's callback fails with when the caller asks for a rollback. */
  const ROLLBACK = new Error('rolled back by the caller');
  const transactions = new Map<number, OpenTransaction>();

  const toError = (error: unknown): PgliteThreadError => {
    const shape = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
    const text = (key: string) => (typeof shape[key] === 'string' ? { [key]: shape[key] } : {});
    const message = typeof shape.message === 'string' ? shape.message : String(error);
    return { message, ...text('code'), ...text('constraint'), ...text('detail') };
  };
  const fail = (id: number, error: unknown) => {
    port.postMessage({ id, ok: false, error: toError(error) } satisfies PgliteThreadReply);
  };
  const executorOf = (tx: number | undefined, pg: Engine): Executor => {
    if (tx === undefined) return pg;
    const open = transactions.get(tx);
    if (open === undefined) throw new Error(`transaction ${String(tx)} is not open`);
    return open.tx;
  };

  const serve = (pg: Engine) => {
    const handle = async (request: PgliteThreadRequest): Promise<void> => {
      switch (request.op) {
        case 'query': {
          const result = await executorOf(request.tx, pg).query(request.sql, request.params);
          port.postMessage({
            id: request.id,
            ok: true,
            rows: result.rows as Record<string, unknown>[],
            rowCount: result.rowCount ?? 0,
            fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
          } satisfies PgliteThreadReply);
          return;
        }
        case 'exec':
          await executorOf(request.tx, pg).exec(request.sql);
          port.postMessage({ id: request.id, ok: true } satisfies PgliteThreadReply);
          return;
        case 'begin': {
          const { id, tx } = request;
          pg.transaction(
            (executor) =>
              new Promise<void>((resolve, reject) => {
                transactions.set(tx, {
                  tx: executor,
                  finish: (commit) => {
                    if (commit) resolve();
                    else reject(ROLLBACK);
                  },
                });
                port.postMessage({ id, ok: true } satisfies PgliteThreadReply);
              }),
          ).then(
            () => {
              const endId = transactions.get(tx)?.endId;
              transactions.delete(tx);
              if (endId !== undefined) port.postMessage({ id: endId, ok: true } satisfies PgliteThreadReply);
            },
            (error: unknown) => {
              const endId = transactions.get(tx)?.endId;
              const began = transactions.delete(tx);
              const replyTo = endId ?? (began ? undefined : id);
              if (replyTo === undefined) return;
              if (error === ROLLBACK) port.postMessage({ id: replyTo, ok: true } satisfies PgliteThreadReply);
              else fail(replyTo, error);
            },
          );
          return;
        }
        case 'end': {
          const open = transactions.get(request.tx);
          if (open === undefined) throw new Error(`transaction ${String(request.tx)} is not open`);
          open.endId = request.id;
          open.finish(request.commit);
          return;
        }
        case 'close':
          await pg.close();
          port.postMessage({ id: request.id, ok: true } satisfies PgliteThreadReply);
          port.close();
          return;
      }
    };
    port.on('message', (request: PgliteThreadRequest) => {
      handle(request).catch((error: unknown) => {
        fail(request.id, error);
      });
    });
  };

  const open = async (): Promise<Engine> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const { PGlite } = require(data.pglitePath) as {
      PGlite: { create(options: Record<string, unknown>): Promise<Engine> };
    };
    const asText = (value: string) => value;
    const parsers = Object.fromEntries(data.textTypes.map((oid) => [oid, asText]));
    return PGlite.create({
      parsers,
      ...(data.dataDir === undefined ? {} : { dataDir: data.dataDir }),
      ...(data.template === undefined ? {} : { loadDataDir: new Blob([data.template]) }),
    });
  };
  open().then(
    (pg) => {
      serve(pg);
      port.postMessage({ ready: true });
    },
    (error: unknown) => {
      port.postMessage({ ready: false, error: toError(error) });
    },
  );
}
