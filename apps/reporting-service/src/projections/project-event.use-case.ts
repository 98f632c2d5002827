import {
  type CommlabMessage,
  latestOrderPlaced,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  type OrderPlacedV2Message,
  ORDER_REJECTED_V1,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
} from '@commlab/contracts';
import { LIVE_FEED } from '@commlab/messaging-nest';
import { type LiveFeedSink, processOnce } from '@commlab/messaging';
import type { Database, SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { DATABASE } from '@commlab/service-kit';
import { ProjectionRepository } from './projection.repository';

/** The inbox name of the projections: the consumer group's. */
export const PROJECTION_CONSUMER = 'reporting';

export type ProjectResult = 'applied' | 'duplicate' | 'ignored';

/**
 * Applies one event to the read models, exactly once: the inbox row (message id) and the projection
 * updates commit in one transaction, so a redelivery after a crash or a rebuild's replay finds the id and
 * changes nothing. Orders are counted when final: a sync OrderPlaced (stock already reserved; placed and
 * confirmed) or an async order's OrderConfirmed / OrderRejected (order-service publishes no OrderPlaced for
 * async orders: their prices are known only once inventory reserved them); an OrderCancelled counts the
 * order as cancelled too (its sales stay). Sales come with confirmation. Known events the projections do
 * not use are acknowledged and ignored.
 */
@Injectable()
export class ProjectEvent {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRepository,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  async execute(message: CommlabMessage): Promise<ProjectResult> {
    if (!handles(message)) return 'ignored';
    const result = await processOnce(this.database, PROJECTION_CONSUMER, message.id, (tx) =>
      this.apply(tx, message),
    );
    if (result.status === 'duplicate') return 'duplicate';
    this.feed?.publish('projection.updated', { type: message.type, subject: message.subject });
    return 'applied';
  }

  /** Only sync orders are announced as placed: their stock is reserved, so they are confirmed too. */
  private async applyOrderPlaced(tx: SqlExecutor, { data }: OrderPlacedV2Message): Promise<void> {
    await this.projections.countOrder(tx, 'placed');
    await this.projections.countOrder(tx, 'confirmed');
    await this.projections.recordSale(tx, {
      currency: data.total.currency,
      at: data.placedAt,
      lines: data.items.map(({ sku, quantity, unitPrice }) => ({
        sku,
        quantity,
        unitPriceCents: unitPrice.amountCents,
      })),
    });
  }

  private async apply(tx: SqlExecutor, message: CommlabMessage): Promise<void> {
    switch (message.type) {
      case ORDER_PLACED_V1:
      case ORDER_PLACED_V2:
        // The topic holds both versions (v1 from before the change): v1 is read as v2.
        await this.applyOrderPlaced(tx, latestOrderPlaced(message));
        return;
      case ORDER_CONFIRMED_V1: {
        // An async order announces itself with its outcome: it counts as placed here.
        const { data } = message;
        await this.projections.countOrder(tx, 'placed');
        await this.projections.countOrder(tx, 'confirmed');
        await this.projections.recordSale(tx, {
          currency: data.currency,
          at: data.confirmedAt,
          lines: data.items,
        });
        return;
      }
      case ORDER_REJECTED_V1:
        await this.projections.countOrder(tx, 'placed');
        await this.projections.countOrder(tx, 'rejected');
        return;
      case ORDER_CANCELLED_V1:
        // Counted as cancelled; it was counted as placed (and confirmed, if it was) by its earlier event.
        await this.projections.countOrder(tx, 'cancelled');
        return;
      case STOCK_RESERVED_V1:
        for (const item of message.data.items) {
          await this.projections.recordStockMovement(tx, item.sku, {
            reservedUnits: item.quantity,
            reservations: 1,
          });
        }
        return;
      case STOCK_REJECTED_V1:
        for (const sku of message.data.skus) {
          await this.projections.recordStockMovement(tx, sku, { rejections: 1 });
        }
        return;
      case STOCK_RELEASED_V1:
        for (const item of message.data.items) {
          await this.projections.recordStockMovement(tx, item.sku, { releasedUnits: item.quantity });
        }
        return;
      default:
        return;
    }
  }
}

const PROJECTED_TYPES: ReadonlySet<string> = new Set([
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  STOCK_RESERVED_V1,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
]);

function handles(message: CommlabMessage): boolean {
  return PROJECTED_TYPES.has(message.type);
}
