import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, Delete, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';

import { STOCK_RESERVE_SCOPE } from '../auth/service-access';
import { RequireScope, ServiceTokenGuard } from '../auth/service-token.guard';
import {
  activeReservationListSchema,
  type ListReservationsQuery,
  listReservationsQuerySchema,
  releaseResponseSchema,
  type ReserveStockBody,
  reserveStockBodySchema,
  reservationIdSchema,
  reservationResponseSchema,
} from './reservation.dto';
import type { ReleaseResult } from './reservation.types';
import { ListActiveReservations } from './list-active-reservations.use-case';
import { ReleaseStock } from './release-stock.use-case';
import { ReserveStock } from './reserve-stock.use-case';

/**
 * REST twins of ReserveStock and ReleaseStock, and the list of active reservations (what order-service's
 * reconciliation compares with its orders): services only, with a token holding stock:reserve.
 */
@ApiTags('reservations')
@Controller('reservations')
export class ReservationsHttpController {
  constructor(
    private readonly reserveStock: ReserveStock,
    private readonly releaseStock: ReleaseStock,
    private readonly activeReservations: ListActiveReservations,
  ) {}

  @Get()
  @UseGuards(ServiceTokenGuard)
  @RequireScope(STOCK_RESERVE_SCOPE)
  @ApiOperation({
    summary: 'The reservations that hold stock (status=active), oldest first, a page at a time',
    description: 'Keyset pagination: pass nextCursor back as ?cursor= (null on the last page).',
  })
  @ApiQuery({ name: 'status', required: true, enum: ['active'] })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: "the previous page's nextCursor" })
  @ApiZodResponse(200, activeReservationListSchema, 'a page of active reservations and the next cursor')
  @ApiErrorResponses(400, 401, 403)
  async listActive(
    @Query(new ZodValidationPipe(listReservationsQuerySchema, 'query')) query: ListReservationsQuery,
  ) {
    const page = await this.activeReservations.execute(query.limit, query.cursor);
    return { reservations: page.items, nextCursor: page.nextCursor };
  }

  @Post()
  @UseGuards(ServiceTokenGuard)
  @RequireScope(STOCK_RESERVE_SCOPE)
  @ApiOperation({
    summary: 'Reserve every item or nothing; idempotent on reservationId',
    description:
      '409 OUT_OF_STOCK (details.skus) when a SKU is short, 404 UNKNOWN_SKU (details.skus), ' +
      '409 RESERVATION_CONFLICT when the id was used for other items or was released.',
  })
  @ApiZodBody(reserveStockBodySchema)
  @ApiZodResponse(201, reservationResponseSchema, 'reserved (or the original reservation, for a repeat)')
  @ApiErrorResponses(400, 401, 403, 404, 409, 413)
  async reserve(@Body(new ZodValidationPipe(reserveStockBodySchema)) body: ReserveStockBody) {
    const reservation = await this.reserveStock.execute(
      {
        reservationId: body.reservationId,
        orderId: body.orderId ?? body.reservationId,
        items: body.items,
      },
      {},
      'rest',
    );
    const { reservationId, lines, totalCents, currency } = reservation;
    return { reservationId, lines, totalCents, currency };
  }

  @Delete(':reservationId')
  @UseGuards(ServiceTokenGuard)
  @RequireScope(STOCK_RESERVE_SCOPE)
  @ApiOperation({ summary: 'Release a reservation; releasing twice answers released: false' })
  @ApiParam({ name: 'reservationId' })
  @ApiZodResponse(200, releaseResponseSchema, 'released (or already released)')
  @ApiErrorResponses(400, 401, 403, 404)
  release(
    @Param('reservationId', new ZodValidationPipe(reservationIdSchema, 'reservation id'))
    reservationId: string,
  ): Promise<ReleaseResult> {
    return this.releaseStock.execute(reservationId);
  }
}
