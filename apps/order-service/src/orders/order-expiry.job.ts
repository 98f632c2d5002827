import { Inject, Injectable, Logger } from '@nestjs/common';

import { PeriodicJob } from '../scheduling/periodic-job';
import { ExpirePendingOrders } from './expire-pending-orders.use-case';

/** How often the expiry job runs (ORDER_EXPIRY_INTERVAL_MS). */
export const ORDER_EXPIRY_INTERVAL_MS = Symbol('ORDER_EXPIRY_INTERVAL_MS');

const logger = new Logger('OrderExpiryJob');

/**
 * Runs ExpirePendingOrders every ORDER_EXPIRY_INTERVAL_MS from bootstrap, and stops before the store
 * closes (a pass in progress ends first). An order expires at most that long after its deadline.
 */
@Injectable()
export class OrderExpiryJob extends PeriodicJob {
  constructor(expiry: ExpirePendingOrders, @Inject(ORDER_EXPIRY_INTERVAL_MS) intervalMs: number) {
    super({
      name: 'order expiry',
      intervalMs,
      logger,
      run: async () => {
        const expired = await expiry.execute();
        if (expired.length > 0) logger.log(`expired ${String(expired.length)} order(s) past their deadline`);
      },
    });
  }
}
