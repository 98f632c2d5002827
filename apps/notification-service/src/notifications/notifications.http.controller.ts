import type { Database } from '@commlab/persistence';
import { ApiErrorResponses, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

import { DATABASE } from '@commlab/service-kit';
import type { StoredNotification } from './notification';
import {
  type ListNotificationsQuery,
  listNotificationsQuerySchema,
  notificationListSchema,
} from './notification.dto';
import { NotificationRepository } from './notification.repository';

/** REST: the notifications "sent" (stored) from the work queue and the order events. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsHttpController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly repository: NotificationRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: "An order's notifications, oldest first (without orderId: the latest, newest first)",
  })
  @ApiQuery({ name: 'orderId', required: false })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: "the previous page's nextCursor" })
  @ApiZodResponse(200, notificationListSchema, 'a page of stored notifications and the next cursor')
  @ApiErrorResponses(400, 503)
  async list(
    @Query(new ZodValidationPipe(listNotificationsQuerySchema, 'query')) query: ListNotificationsQuery,
  ): Promise<{ notifications: StoredNotification[]; nextCursor: string | null }> {
    const page =
      query.orderId === undefined
        ? await this.repository.listRecent(this.database, query.limit, query.after)
        : await this.repository.listByOrder(this.database, query.orderId, query.limit, query.after);
    return { notifications: page.items, nextCursor: page.nextCursor };
  }
}
