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
import { Controller } from '@nestjs/common';
import { z } from 'zod';

import { reservationIdSchema, reserveStockRequestSchema } from '../reservations/reservation.dto';
import { ReleaseStockService } from '../reservations/release-stock.service';
import { ReserveStockService } from '../reservations/reserve-stock.service';
import { CheckStockService } from '../stock/check-stock.service';
import { skuSchema } from '../stock/sku';
import { parseGrpcRequest } from './grpc-request';

const checkStockRequestSchema = z.object({ skus: z.array(skuSchema).min(1).max(100) });
const releaseStockRequestSchema = z.object({ reservationId: reservationIdSchema });

/** gRPC commlab.inventory.v1.InventoryService: validation and mapping only; the use cases do the work. */
@Controller()
@InventoryServiceControllerMethods()
export class InventoryGrpcController implements InventoryServiceController {
  constructor(
    private readonly checkStockService: CheckStockService,
    private readonly reserveStockService: ReserveStockService,
    private readonly releaseStockService: ReleaseStockService,
  ) {}

  async checkStock(request: CheckStockRequest): Promise<CheckStockResponse> {
    const { skus } = parseGrpcRequest(checkStockRequestSchema, request);
    return { levels: await this.checkStockService.check(skus) };
  }

  async reserveStock(request: ReserveStockRequest): Promise<ReserveStockResponse> {
    const { reservationId, orderId, items } = parseGrpcRequest(reserveStockRequestSchema, request);
    const reservation = await this.reserveStockService.reserve({
      reservationId,
      orderId: orderId === '' ? reservationId : orderId,
      items,
    });
    return {
      reservationId: reservation.reservationId,
      lines: reservation.lines,
      totalCents: reservation.totalCents,
      currency: reservation.currency,
    };
  }

  async releaseStock(request: ReleaseStockRequest): Promise<ReleaseStockResponse> {
    const { reservationId } = parseGrpcRequest(releaseStockRequestSchema, request);
    return this.releaseStockService.release(reservationId);
  }
}
