import { AsyncLocalStorage } from 'node:async_hooks';

import { DatabaseError } from './database-error';

/**
 * Knows which databases have a transaction callback running in the current async context, to refuse
 * `db.query()`/`db.transaction()` from inside `db.transaction(fn)`: on PGlite (one connection) that call
 * would wait forever for the transaction that is waiting for it; on PostgreSQL it would silently run
 * outside the transaction.
 */
export class TransactionGuard {
  private readonly active = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.active.run(true, fn);
  }

  assertOutside(what: string, logPrefix: string): void {
    if (this.active.getStore() === true) {
      throw new DatabaseError(
        'DB_TRANSACTION_MISUSE',
        `${logPrefix} ${what} was called on the database from inside one of its transactions; ` +
          'use the `tx` passed to the transaction callback instead.',
      );
    }
  }
}

/** Wraps a transaction's executor so that using it after the transaction ended fails clearly. */
export class TransactionScope {
  private ended = false;

  end(): void {
    this.ended = true;
  }

  assertOpen(logPrefix: string): void {
    if (this.ended) {
      throw new DatabaseError(
        'DB_TRANSACTION_MISUSE',
        `${logPrefix} a transaction's executor was used after the transaction ended.`,
      );
    }
  }
}

export function isolationStatement(isolation: string | undefined): string | undefined {
  if (isolation === undefined) return undefined;
  if (isolation !== 'read committed' && isolation !== 'repeatable read' && isolation !== 'serializable') {
    throw new DatabaseError('DB_CONFIG_INVALID', `Unknown isolation level: ${isolation}`);
  }
  return `SET TRANSACTION ISOLATION LEVEL ${isolation.toUpperCase()}`;
}
