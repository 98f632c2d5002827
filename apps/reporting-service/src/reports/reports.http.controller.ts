import { ApiErrorResponses, ApiZodResponse } from '@commlab/service-kit';
import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { ConsumerStatusService } from './consumer-status.service';
import { RebuildProjectionsService } from './rebuild-projections.service';
import {
  type ConsumerStatus,
  consumerStatusSchema,
  type RebuildResult,
  rebuildResultSchema,
  type SalesReport,
  salesReportSchema,
} from './report.dto';
import { SalesReportService } from './sales-report.service';

/** The part of the HTTP reply the controller touches (Fastify's reply has it). */
interface StatusReply {
  status(code: number): unknown;
}

/** REST: the read models, the consumer group's position, and rebuild-by-replay. */
@ApiTags('reports')
@Controller('reports')
export class ReportsHttpController {
  constructor(
    private readonly sales: SalesReportService,
    private readonly consumerStatus: ConsumerStatusService,
    private readonly rebuilder: RebuildProjectionsService,
  ) {}

  @Get('sales')
  @ApiOperation({
    summary: 'Sales per SKU and per day, revenue, order counts and stock movements (from Kafka events)',
  })
  @ApiZodResponse(200, salesReportSchema, 'the projections and their content hash')
  @ApiErrorResponses(503)
  salesReport(): Promise<SalesReport> {
    return this.sales.report();
  }

  @Get('status')
  @ApiOperation({
    summary: "The consumer group's committed offset, high watermark and lag per partition; dead letters",
  })
  @ApiZodResponse(200, consumerStatusSchema, 'where the consumer group stands')
  @ApiErrorResponses(503)
  status(): Promise<ConsumerStatus> {
    return this.consumerStatus.status();
  }

  @Post('rebuild')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Wipe the projections and replay both topics from their first offset',
    description:
      '200 when the replay reached the offsets the live projections had seen (with the content hash before ' +
      'and after), 202 if it is still replaying after REPORTING_REBUILD_TIMEOUT_MS.',
  })
  @ApiZodResponse(200, rebuildResultSchema, 'rebuilt (or, with 202, still replaying)')
  @ApiErrorResponses(409, 503)
  async rebuild(@Res({ passthrough: true }) reply: StatusReply): Promise<RebuildResult> {
    const result = await this.rebuilder.rebuild();
    if (result.status === 'replaying') reply.status(202);
    return result;
  }
}
