import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';

import { RequireScope, ServiceTokenGuard } from '../auth/service-token.guard';
import { AdjustStock } from './adjust-stock.use-case';

import { CheckStock } from './check-stock.use-case';
import { GetStockAsOf } from './get-stock-as-of.use-case';
import { ListStockEvents } from './list-stock-events.use-case';
import { unknownSku } from './inventory-errors';
import { skuSchema } from './sku';
import {
  type StockAdjustmentBody,
  stockAdjustmentBodySchema,
  type StockAdjustmentResponse,
  stockAdjustmentResponseSchema,
  stockLevelMaybeAsOfResponseSchema,
  type StockLevelAsOfResponse,
  type StockLevelQuery,
  stockLevelQuerySchema,
  type StockEventsQuery,
  stockEventsQuerySchema,
  type StockEventsResponse,
  stockEventsResponseSchema,
} from './stock.dto';
import type { StockLevel } from './stock.types';

/** REST: GET /stock/{sku} (now or ?at=), GET /stock/{sku}/events and POST /stock/{sku}/adjustments. */
@ApiTags('stock')
@Controller('stock')
export class StockHttpController {
  constructor(
    private readonly checkStock: CheckStock,
    private readonly listStockEvents: ListStockEvents,
    private readonly stockAsOf: GetStockAsOf,
    private readonly adjustStock: AdjustStock,
  ) {}

  @Get(':sku')
  @ApiOperation({
    summary: 'Available quantity and unit price of one SKU, now or as of ?at=<ISO 8601 time>',
    description:
      'Without `at`: {sku, available, unitPriceCents, currency}. With `at`: the replay of the events that ' +
      'occurred at or before it, plus `version` and `asOf` (before the first event: available 0, version 0).',
  })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiQuery({ name: 'at', required: false, type: String, example: '2026-01-01T12:00:00Z' })
  @ApiZodResponse(200, stockLevelMaybeAsOfResponseSchema, 'the stock level (version and asOf only with ?at=)')
  @ApiErrorResponses(400, 404)
  async get(
    @Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string,
    @Query(new ZodValidationPipe(stockLevelQuerySchema, 'query')) query: StockLevelQuery,
  ): Promise<StockLevel | StockLevelAsOfResponse> {
    if (query.at !== undefined) {
      const level = await this.stockAsOf.execute(sku, new Date(query.at));
      return { ...level, asOf: level.asOf.toISOString() };
    }
    const [level] = await this.checkStock.execute([sku]);
    if (level === undefined) throw unknownSku([sku]);
    return level;
  }

  @Get(':sku/events')
  @ApiOperation({ summary: "The SKU's stock movements, oldest first" })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiQuery({ name: 'afterVersion', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiZodResponse(200, stockEventsResponseSchema, 'the events')
  @ApiErrorResponses(400, 404)
  async events(
    @Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string,
    @Query(new ZodValidationPipe(stockEventsQuerySchema, 'query')) query: StockEventsQuery,
  ): Promise<StockEventsResponse> {
    const events = await this.listStockEvents.execute(sku, query.afterVersion, query.limit);
    return {
      sku,
      events: events.map((event) => ({
        version: event.version,
        type: event.type,
        quantity: event.quantity,
        reservationId: event.reservationId,
        ...(event.reason === null ? {} : { reason: event.reason }),
        occurredAt: event.occurredAt.toISOString(),
      })),
    };
  }

  @Post(':sku/adjustments')
  @HttpCode(201)
  @UseGuards(ServiceTokenGuard)
  @RequireScope('stock:adjust')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Adjust stock: `received` appends a StockAdded event with its reason (service token, scope stock:adjust)',
    description: 'The token comes from POST /oauth/token on auth-service (client credentials).',
  })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiZodBody(stockAdjustmentBodySchema)
  @ApiZodResponse(201, stockAdjustmentResponseSchema, 'the appended event and the stock after it')
  @ApiErrorResponses(400, 401, 403, 404, 503)
  adjust(
    @Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string,
    @Body(new ZodValidationPipe(stockAdjustmentBodySchema)) body: StockAdjustmentBody,
  ): Promise<StockAdjustmentResponse> {
    return this.adjustStock.execute(sku, body);
  }
}
