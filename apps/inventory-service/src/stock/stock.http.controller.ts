import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';

import { RequireScope, ServiceTokenGuard } from '../auth/service-token.guard';
import { AdjustStock } from './adjust-stock.use-case';
import { httpProvenance } from './http-provenance';
import { RevertStockEvent } from './revert-stock-event.use-case';
import { toStockEventsResponse } from './stock-events.response';

import { CheckStock } from './check-stock.use-case';
import { GetStockAsOf } from './get-stock-as-of.use-case';
import { ListStockEvents } from './list-stock-events.use-case';
import { unknownSku } from './inventory-errors';
import { skuSchema } from './sku';
import {
  eventVersionSchema,
  type RevertStockEventBody,
  revertStockEventBodySchema,
  type RevertStockEventResponse,
  revertStockEventResponseSchema,
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

/**
 * REST: GET /stock/{sku} (now or ?at=), GET /stock/{sku}/events (?until=), POST /stock/{sku}/adjustments
 * and POST /stock/{sku}/events/{version}/revert.
 */
@ApiTags('stock')
@Controller('stock')
export class StockHttpController {
  constructor(
    private readonly checkStock: CheckStock,
    private readonly listStockEvents: ListStockEvents,
    private readonly stockAsOf: GetStockAsOf,
    private readonly adjustStock: AdjustStock,
    private readonly revertStockEvent: RevertStockEvent,
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
  @ApiOperation({
    summary: "The SKU's stock movements, oldest first, with who and why; ?until= the causes of a past level",
    description:
      'With `until`: only the events the ?at= replay folds for that moment, and `asOf` {at, available, ' +
      'version}: the level they made (the same as GET /stock/{sku}?at=).',
  })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiQuery({ name: 'afterVersion', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'until', required: false, type: String, example: '2026-01-01T12:00:00Z' })
  @ApiZodResponse(200, stockEventsResponseSchema, 'the events')
  @ApiErrorResponses(400, 404)
  async events(
    @Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string,
    @Query(new ZodValidationPipe(stockEventsQuerySchema, 'query')) query: StockEventsQuery,
  ): Promise<StockEventsResponse> {
    const until = query.until === undefined ? undefined : new Date(query.until);
    return toStockEventsResponse(sku, await this.listStockEvents.execute(sku, query, until));
  }

  @Post(':sku/adjustments')
  @HttpCode(201)
  @UseGuards(ServiceTokenGuard)
  @RequireScope('stock:adjust')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Adjust stock: `received` (StockAdded), `damaged` (StockRemoved) or `counted` (StockCounted), with a ' +
      'reason (service token, scope stock:adjust)',
    description:
      'The token comes from POST /oauth/token on auth-service (client credentials). `damaged` beyond what ' +
      'is available: 409 INSUFFICIENT_STOCK. A count records the counted level and its difference to the ' +
      'stream, also when that is 0.',
  })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiZodBody(stockAdjustmentBodySchema)
  @ApiZodResponse(201, stockAdjustmentResponseSchema, 'the appended event and the stock after it')
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  adjust(
    @Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string,
    @Body(new ZodValidationPipe(stockAdjustmentBodySchema)) body: StockAdjustmentBody,
    @Req() request: { id: unknown },
  ): Promise<StockAdjustmentResponse> {
    return this.adjustStock.execute(sku, body, httpProvenance(request));
  }

  @Post(':sku/events/:version/revert')
  @HttpCode(201)
  @UseGuards(ServiceTokenGuard)
  @RequireScope('stock:adjust')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Revert one past adjustment: appends an EventReverted undoing it (service token, stock:adjust)',
    description:
      'The original stays in the stream. Only StockAdded, StockRemoved and StockCounted are revertible: ' +
      '409 NOT_REVERTIBLE (reservation events are undone by ReleaseStock), 409 ALREADY_REVERTED, 409 ' +
      'INSUFFICIENT_STOCK (would go below zero), 404 STOCK_EVENT_NOT_FOUND.',
  })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiParam({ name: 'version', example: 2 })
  @ApiZodBody(revertStockEventBodySchema)
  @ApiZodResponse(201, revertStockEventResponseSchema, 'the EventReverted appended and the stock after it')
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  revert(
    @Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string,
    @Param('version', new ZodValidationPipe(eventVersionSchema, 'event version')) version: number,
    @Body(new ZodValidationPipe(revertStockEventBodySchema)) body: RevertStockEventBody,
    @Req() request: { id: unknown },
  ): Promise<RevertStockEventResponse> {
    return this.revertStockEvent.execute(sku, version, body.reason, httpProvenance(request));
  }
}
