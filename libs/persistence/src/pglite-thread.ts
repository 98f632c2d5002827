import { Worker } from 'node:worker_threads';

import { PGLITE_PARSERS } from './pglite-values';
import {
  type PgliteThreadData,
  type PgliteThreadError,
  type PgliteThreadReply,
  type PgliteThreadRequest,
  pgliteThreadMain,
} from './pglite-thread-worker';

/** What a PGlite statement answers, as PgliteDatabase reads it. */
export interface PgliteResults {
  rows: unknown[];
  rowCount?: number;
}

/** The part of PGlite (or of its transaction) PgliteDatabase uses. */
export interface PgliteExecutor {
  query(sql: string, params?: unknown[]): Promise<PgliteResults>;
  exec(sql: string): Promise<unknown>;
}

/** A PGlite instance as PgliteDatabase uses it: on this thread (PGlite itself) or on a worker (PgliteThread). */
export interface PgliteEngine extends PgliteExecutor {
  transaction<T>(fn: (tx: PgliteExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}

/** The types the worker hands back as text, for PGLITE_PARSERS to parse here (the same values as on this thread). */
const TEXT_TYPES = Object.keys(PGLITE_PARSERS).map(Number);

type Request = PgliteThreadRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

interface Pending {
  resolve(reply: Extract<PgliteThreadReply, { ok: true }>): void;
  reject(error: Error): void;
}

/** A driver error rebuilt from the worker's plain data, with the fields `toDatabaseError` classifies by. */
function errorFrom(data: PgliteThreadError): Error {
  return Object.assign(new Error(data.message), data);
}

function parseRows(reply: Extract<PgliteThreadReply, { ok: true }>): unknown[] {
  const rows = reply.rows ?? [];
  const parsed = (reply.fields ?? []).flatMap(({ name, dataTypeID }) => {
    const parse = PGLITE_PARSERS[dataTypeID];
    return parse === undefined ? [] : [{ name, parse }];
  });
  if (parsed.length === 0) return rows;
  for (const row of rows) {
    for (const { name, parse } of parsed) {
      const value = row[name];
      if (typeof value === 'string') row[name] = parse(value);
    }
  }
  return rows;
}

/**
 * PGlite on a worker thread of its own: its WebAssembly (every statement runs synchronously inside it) no
 * longer holds up the service's event loop, which meanwhile reads sockets, decodes messages and runs other
 * requests. Each statement is a message to the worker and back (structured clone). Same semantics as PGlite
 * on the service's thread: one connection, a transaction holds PGlite's lock from BEGIN to COMMIT.
 *
 * The worker does not keep the process alive while nothing waits for it (like an idle pool's sockets);
 * `close()` closes PGlite and ends the thread. If the thread dies, every waiting and later call fails.
 */
export class PgliteThread implements PgliteEngine {
  private nextId = 1;
  private nextTransaction = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: PgliteThreadReply) => {
      this.settle(reply);
    });
    worker.on('error', (error: Error) => {
      this.fail(error);
    });
    worker.on('exit', (code: number) => {
      this.fail(new Error(`PGlite's worker thread exited (code ${String(code)})`));
    });
    worker.unref();
  }

  /** Starts the worker and opens PGlite in it (on `dataDir`, from `template` when given, else in memory). */
  static async start(options: { dataDir?: string; template?: Blob }): Promise<PgliteThread> {
    const template = options.template === undefined ? undefined : await options.template.arrayBuffer();
    const workerData: PgliteThreadData = {
      pglitePath: require.resolve('@electric-sql/pglite'),
      textTypes: TEXT_TYPES,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(template === undefined ? {} : { template }),
    };
    const worker = new Worker(`(${pgliteThreadMain.toString()})()`, {
      eval: true,
      workerData,
      transferList: template === undefined ? [] : [template],
    });
    try {
      await opened(worker);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new PgliteThread(worker);
  }

  get closed(): boolean {
    return this.closing !== undefined || this.failure !== undefined;
  }

  async query(sql: string, params: unknown[] = []): Promise<PgliteResults> {
    return this.statement({ op: 'query', sql, params });
  }

  async exec(sql: string): Promise<void> {
    await this.send({ op: 'exec', sql });
  }

  async transaction<T>(fn: (tx: PgliteExecutor) => Promise<T>): Promise<T> {
    const tx = this.nextTransaction++;
    await this.send({ op: 'begin', tx });
    const executor: PgliteExecutor = {
      query: (sql, params = []) => this.statement({ op: 'query', sql, params, tx }),
      exec: async (sql) => {
        await this.send({ op: 'exec', sql, tx });
      },
    };
    let result: T;
    try {
      result = await fn(executor);
    } catch (error) {
      // The callback's error is the one to report, even if PGlite could not roll back.
      await this.send({ op: 'end', tx, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.send({ op: 'end', tx, commit: true });
    return result;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.failure === undefined) await this.send({ op: 'close' }, true);
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private async statement(request: Request & { op: 'query' }): Promise<PgliteResults> {
    const reply = await this.send(request);
    return { rows: parseRows(reply), rowCount: reply.rowCount ?? 0 };
  }

  private send(request: Request, closing = false): Promise<Extract<PgliteThreadReply, { ok: true }>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closing !== undefined && !closing) {
      return Promise.reject(new Error('PGlite is closed (its worker thread has ended)'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(reply: PgliteThreadReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.forget(reply.id);
    if (reply.ok) pending.resolve(reply);
    else pending.reject(errorFrom(reply.error));
  }

  private fail(error: Error): void {
    this.failure ??= Object.assign(
      new Error(`PGlite's worker thread failed: ${error.message}`, { cause: error }),
      {
        code: 'ECONNRESET',
      },
    );
    for (const [id, pending] of this.pending) {
      this.forget(id);
      pending.reject(this.failure);
    }
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

/** Resolves when the worker has opened PGlite; rejects with PGlite's error, or when the thread dies first. */
function opened(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: { ready: boolean; error?: PgliteThreadError }) => {
      cleanUp();
      if (message.ready) resolve();
      else reject(errorFrom(message.error ?? { message: 'PGlite did not open' }));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanUp();
      reject(new Error(`PGlite's worker thread exited (code ${String(code)}) before PGlite opened`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
