import { ApiErrorResponses, ApiZodResponse } from '@commlab/service-kit';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  type SnapshotList,
  snapshotListSchema,
  type SnapshotView,
  snapshotSchema,
} from '../reports/report.dto';
import { ListSnapshots } from './list-snapshots.use-case';
import { TakeSnapshot } from './take-snapshot.use-case';

/** REST: snapshots of the projections, what a rebuild starts from once retention deleted old records. */
@ApiTags('reports')
@Controller('reports/snapshots')
export class SnapshotsHttpController {
  constructor(
    private readonly takeSnapshot: TakeSnapshot,
    private readonly listSnapshots: ListSnapshots,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Copy the projections now, between two events, with the offsets they had reached',
    description: 'Keeps the newest REPORTING_SNAPSHOTS_KEPT snapshots.',
  })
  @ApiZodResponse(201, snapshotSchema, 'the snapshot taken')
  @ApiErrorResponses(409, 503)
  take(): Promise<SnapshotView> {
    return this.takeSnapshot.execute();
  }

  @Get()
  @ApiOperation({ summary: 'The snapshots kept, newest first' })
  @ApiZodResponse(200, snapshotListSchema, 'the snapshots, without their copied rows')
  @ApiErrorResponses(503)
  async list(): Promise<SnapshotList> {
    return { snapshots: await this.listSnapshots.execute() };
  }
}
