import type { Database, SqlExecutor } from '@commlab/persistence';

import { runTransaction } from '../store/run-transaction';
import { unknownSku } from './inventory-errors';
import type { StockEventDraft } from './stock-correction.types';
import type { StockState } from './stock-state';
import type { StockRepository, VersionedStockLevel } from './stock.repository';
import type { EventProvenance } from './stock.types';

/** What a correction decided and the stream's state after it. */
export interface AppendedCorrection {
  draft: StockEventDraft;
  state: StockState;
}

/**
 * One correction of a SKU's stream (an adjustment or a revert), as one command: read the stream (404
 * UNKNOWN_SKU if the SKU is not in the catalog), `decide` the event on what was read, append it with
 * `provenance` expecting the version read — a conflict re-runs the whole command on fresh state.
 */
export function appendCorrection(
  database: Database,
  stock: StockRepository,
  sku: string,
  provenance: EventProvenance,
  decide: (tx: SqlExecutor, level: VersionedStockLevel) => StockEventDraft | Promise<StockEventDraft>,
): Promise<AppendedCorrection> {
  return runTransaction(database, async (tx) => {
    const level = (await stock.readLevels(tx, [sku])).get(sku);
    if (level === undefined) throw unknownSku([sku]);
    const draft = await decide(tx, level);
    return { draft, state: await stock.append(tx, level, [{ ...draft, provenance }]) };
  });
}
