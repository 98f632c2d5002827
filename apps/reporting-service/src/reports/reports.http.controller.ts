import { ApiErrorResponses, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

import { GetConsumerStatus } from './get-consumer-status.use-case';
import { RebuildProjections } from './rebuild-projections.use-case';
import {
  type ConsumerStatus,
  consumerStatusSchema,
  type RebuildQuery,
  rebuildQuerySchema,
  type RebuildResult,
  rebuildResultSchema,
  type SalesReport,
  salesReportSchema,
} from './report.dto';
import { GetSalesReport } from './get-sales-report.use-case';

/** The part of the HTTP reply the controller touches (Fastify's reply has it). */
interface StatusReply {
  status(code: number): unknown;
}

/** REST: the read models, the consumer group's position, and rebuild-by-replay (snapshots: their own controller). */
@ApiTags('reports')
@Controller('reports')
export class ReportsHttpController {
  constructor(
    private readonly getSalesReport: GetSalesReport,
    private readonly consumerStatus: GetConsumerStatus,
    private readonly rebuildProjections: RebuildProjections,
  ) {}

  @Get('sales')
  @ApiOperation({
    summary: 'Sales per SKU and per day, revenue, order counts and stock movements (from Kafka events)',
  })
  @ApiZodResponse(200, salesReportSchema, 'the projections and their content hash')
  @ApiErrorResponses(503)
  salesReport(): Promise<SalesReport> {
    return this.getSalesReport.execute();
  }

  @Get('status')
  @ApiOperation({
    summary: "The consumer group's committed offset, high watermark and lag per partition; dead letters",
  })
  @ApiZodResponse(200, consumerStatusSchema, 'where the consumer group stands')
  @ApiErrorResponses(503)
  status(): Promise<ConsumerStatus> {
    return this.consumerStatus.execute();
  }

  @Post('rebuild')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Wipe the projections and replay both topics from their first offset (or from a snapshot)',
    description:
      '200 when the replay reached the offsets the live projections had seen (with the content hash before ' +
      'and after), 202 if it is still replaying after REPORTING_REBUILD_TIMEOUT_MS. When retention has ' +
      'deleted the head of a topic, the projections are restored from the newest snapshot the topics still ' +
      'cover and replayed from its offsets (`from: snapshot`); 409 HISTORY_TRUNCATED when none covers it.',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    enum: ['snapshot'],
    description: 'start from a snapshot anyway',
  })
  @ApiZodResponse(200, rebuildResultSchema, 'rebuilt (or, with 202, still replaying)')
  @ApiErrorResponses(400, 409, 503)
  async rebuild(
    @Query(new ZodValidationPipe(rebuildQuerySchema, 'query')) query: RebuildQuery,
    @Res({ passthrough: true }) reply: StatusReply,
  ): Promise<RebuildResult> {
    const result = await this.rebuildProjections.execute(query.from);
    if (result.status === 'replaying') reply.status(202);
    return result;
  }
}
