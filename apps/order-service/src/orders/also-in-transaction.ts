import type { SqlExecutor } from '@commlab/persistence';

import type { Order } from './order';

/** More writes that must commit with the order, or not at all (e.g. its Idempotency-Key's response). */
export type AlsoInTransaction = (tx: SqlExecutor, order: Order) => Promise<void>;
