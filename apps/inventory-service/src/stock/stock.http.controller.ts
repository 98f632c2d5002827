import { ApiErrorResponses, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';

import { CheckStockService } from './check-stock.service';
import { ListStockEventsService } from './list-stock-events.service';
import { unknownSku } from './inventory-errors';
import { skuSchema } from './sku';
import {
  type StockEventsQuery,
  stockEventsQuerySchema,
  type StockEventsResponse,
  stockEventsResponseSchema,
  stockLevelResponseSchema,
} from './stock.dto';
import type { StockLevel } from './stock.types';

/** REST: GET /stock/{sku} and GET /stock/{sku}/events. */
@ApiTags('stock')
@Controller('stock')
export class StockHttpController {
  constructor(
    private readonly checkStock: CheckStockService,
    private readonly listStockEvents: ListStockEventsService,
  ) {}

  @Get(':sku')
  @ApiOperation({ summary: 'Available quantity and unit price of one SKU' })
  @ApiParam({ name: 'sku', example: 'mug-red' })
  @ApiZodResponse(200, stockLevelResponseSchema, 'the stock level')
  @ApiErrorResponses(400, 404)
  async get(@Param('sku', new ZodValidationPipe(skuSchema, 'SKU')) sku: string): Promise<StockLevel> {
    const [level] = await this.checkStock.check([sku]);
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
    const events = await this.listStockEvents.list(sku, query.afterVersion, query.limit);
    return {
      sku,
      events: events.map((event) => ({
        version: event.version,
        type: event.type,
        quantity: event.quantity,
        reservationId: event.reservationId,
        occurredAt: event.occurredAt.toISOString(),
      })),
    };
  }
}
