import type { Database } from '@commlab/persistence';
import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';

import { DATABASE } from '@commlab/service-kit';
import {
  deadLetterListSchema,
  deadLetterQuerySchema,
  type DeadLetterView,
  redriveBodyObjectSchema,
  redriveBodySchema,
  redriveQuerySchema,
  type RedriveResult,
  redriveResultSchema,
  toDeadLetterView,
} from './dead-letter.dto';
import { DeadLetterRepository } from './dead-letter.repository';
import { RedriveDeadLetters } from './redrive-dead-letters.use-case';

/** REST: the dead letters of notification-service's queues, and redrive. */
@ApiTags('dead letters')
@Controller('dlq')
export class DeadLettersHttpController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly repository: DeadLetterRepository,
    private readonly redriver: RedriveDeadLetters,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters with their reason, error and attempt count, oldest first' })
  @ApiQuery({ name: 'queue', required: false, description: 'only the dead letters of this work queue' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: "the previous page's nextCursor" })
  @ApiZodResponse(200, deadLetterListSchema, 'a page of dead letters and the next cursor')
  @ApiErrorResponses(400, 503)
  async list(
    @Query(new ZodValidationPipe(deadLetterQuerySchema, 'query'))
    query: z.infer<typeof deadLetterQuerySchema>,
  ): Promise<{ deadLetters: DeadLetterView[]; count: number; nextCursor: string | null }> {
    const page = await this.repository.page(this.database, {
      ...(query.queue === undefined ? {} : { queue: query.queue }),
      ...(query.cursor === undefined ? {} : { after: query.cursor }),
      limit: query.limit,
    });
    return {
      deadLetters: page.items.map(toDeadLetterView),
      count: page.items.length,
      nextCursor: page.nextCursor,
    };
  }

  @Post('redrive')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send dead letters back to the queue they failed in (all, `{ids}`, or `?queue=`)',
    description:
      'Each message is republished with publisher confirms and its attempt count reset; its row is deleted ' +
      'only after the broker confirmed. Fix the cause first, or it comes back to the DLQ.',
  })
  @ApiQuery({ name: 'queue', required: false })
  @ApiZodBody(redriveBodyObjectSchema)
  @ApiZodResponse(200, redriveResultSchema, 'what was redriven, and what could not be')
  @ApiErrorResponses(400, 503)
  redrive(
    @Query(new ZodValidationPipe(redriveQuerySchema, 'query')) query: z.infer<typeof redriveQuerySchema>,
    @Body(new ZodValidationPipe(redriveBodySchema)) body: z.infer<typeof redriveBodySchema>,
  ): Promise<RedriveResult> {
    return this.redriver.execute({
      ...(body.ids === undefined ? {} : { ids: body.ids }),
      ...(query.queue === undefined ? {} : { queue: query.queue }),
    });
  }
}
