import {
  type CheckStockRequest,
  type CheckStockResponse,
  type InventoryServiceController,
  InventoryServiceControllerMethods,
  type ReleaseStockRequest,
  type ReleaseStockResponse,
  type ReserveStockRequest,
  type ReserveStockResponse,
} from '@commlab/contracts';
import { Controller, UseGuards } from '@nestjs/common';
import { z } from 'zod';

import { STOCK_RESERVE_SCOPE } from '../auth/service-access';
import { RequireScope, ServiceTokenGuard } from '../auth/service-token.guard';
import { reservationIdSchema, reserveStockRequestSchema } from '../reservations/reservation.dto';
import { ReleaseStock } from '../reservations/release-stock.use-case';
import { ReserveStock } from '../reservations/reserve-stock.use-case';
import { CheckStock } from '../stock/check-stock.use-case';
import { skuSchema } from '../stock/sku';
import { parseRequest } from '../validation/parse-request';

const checkStockRequestSchema = z.object({ skus: z.array(skuSchema).min(1).max(100) });
const releaseStockRequestSchema = z.object({ reservationId: reservationIdSchema });

/**
 * gRPC commlab.inventory.v1.InventoryService: validation and mapping only; the use cases do the work.
 * ReserveStock and ReleaseStock need a service token with stock:reserve in the `authorization` metadata.
 */
@Controller()
@InventoryServiceControllerMethods()
export class InventoryGrpcController implements InventoryServiceController {
  constructor(
    private readonly check: CheckStock,
    private readonly reserve: ReserveStock,
    private readonly release: ReleaseStock,
  ) {}

  async checkStock(request: CheckStockRequest): Promise<CheckStockResponse> {
    const { skus } = parseRequest(checkStockRequestSchema, request);
    return { levels: await this.check.execute(skus) };
  }

  @UseGuards(ServiceTokenGuard)
  @RequireScope(STOCK_RESERVE_SCOPE)
  async reserveStock(request: ReserveStockRequest): Promise<ReserveStockResponse> {
    const { reservationId, orderId, items } = parseRequest(reserveStockRequestSchema, request);
    const reservation = await this.reserve.execute(
      { reservationId, orderId: orderId === '' ? reservationId : orderId, items },
      {},
      'grpc',
    );
    return {
      reservationId: reservation.reservationId,
      lines: reservation.lines,
      totalCents: reservation.totalCents,
      currency: reservation.currency,
    };
  }

  @UseGuards(ServiceTokenGuard)
  @RequireScope(STOCK_RESERVE_SCOPE)
  async releaseStock(request: ReleaseStockRequest): Promise<ReleaseStockResponse> {
    const { reservationId } = parseRequest(releaseStockRequestSchema, request);
    return this.release.execute(reservationId);
  }
}
