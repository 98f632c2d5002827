import { ApiErrorResponses, ApiZodResponse } from '@commlab/service-kit';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { AdminTokenGuard } from '../auth/admin-token.guard';
import { ReconcileOrders, type ReconciliationReport } from '../orders/reconcile-orders.use-case';

const reconciliationReportSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  reservationsChecked: z.number().int(),
  released: z.array(z.object({ reservationId: z.string(), orderId: z.string(), orderStatus: z.string() })),
  releaseFailed: z.array(z.object({ reservationId: z.string(), orderId: z.string(), code: z.string() })),
  tooYoung: z.number().int(),
  confirmedWithoutReservation: z.array(z.string()),
});

/** Operators' endpoints: a service token with stock:adjust (AdminTokenGuard). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminHttpController {
  constructor(private readonly reconciliation: ReconcileOrders) {}

  @Post('reconcile')
  @HttpCode(200)
  @ApiOperation({
    summary: "Reconcile the orders with inventory's active reservations now",
    description:
      'Releases reservations held for orders that are REJECTED, CANCELLED, EXPIRED or unknown (older than ' +
      'RECONCILE_GRACE_MS); reports CONFIRMED orders without a reservation. Needs a service token with ' +
      'stock:adjust. 503 INVENTORY_UNAVAILABLE when inventory cannot be read.',
  })
  @ApiZodResponse(200, reconciliationReportSchema, 'what was checked, released and reported')
  @ApiErrorResponses(401, 403, 503)
  reconcile(): Promise<ReconciliationReport> {
    return this.reconciliation.execute();
  }
}
