import { Inject, Injectable, Logger } from '@nestjs/common';

import { PeriodicJob } from '../scheduling/periodic-job';
import { ReconcileOrders } from './reconcile-orders.use-case';

/** How often the reconciliation runs (RECONCILE_INTERVAL_MS). */
export const RECONCILE_INTERVAL_MS = Symbol('RECONCILE_INTERVAL_MS');

const logger = new Logger('ReconciliationJob');

/**
 * Runs ReconcileOrders every RECONCILE_INTERVAL_MS — the first one an interval after bootstrap (inventory
 * may still be starting) — and stops before the store closes. POST /admin/reconcile runs one now.
 */
@Injectable()
export class ReconciliationJob extends PeriodicJob {
  constructor(reconcile: ReconcileOrders, @Inject(RECONCILE_INTERVAL_MS) intervalMs: number) {
    super({
      name: 'reconciliation',
      intervalMs,
      firstRunAfterMs: intervalMs,
      logger,
      run: async () => {
        const report = await reconcile.execute();
        logger.log(
          {
            reservationsChecked: report.reservationsChecked,
            released: report.released.length,
            releaseFailed: report.releaseFailed.length,
            confirmedWithoutReservation: report.confirmedWithoutReservation.length,
          },
          'reconciliation done',
        );
      },
    });
  }
}
