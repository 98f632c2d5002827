import { Inject, Injectable } from '@nestjs/common';

import { COMMAND_TOKEN_GRACE_SECONDS, ServiceAccess, STOCK_RESERVE_SCOPE } from './service-access';

/**
 * Who may reserve stock by message (a ReserveStock command, a choreographed order's OrderAccepted): the
 * message's `authorization` must carry a service token with stock:reserve. A token that expired while the
 * message waited in its queue or topic is accepted for INVENTORY_COMMANDS_TOKEN_GRACE_MS.
 */
@Injectable()
export class QueuedMessageAccess {
  constructor(
    private readonly access: ServiceAccess,
    @Inject(COMMAND_TOKEN_GRACE_SECONDS) private readonly tokenGraceSeconds: number,
  ) {}

  /** The sender's client id (the stock events' `actor`); a refusal throws (MISSING_TOKEN, TOKEN_INVALID, …). */
  async reserverOf(authorization: string | undefined): Promise<string> {
    const caller = await this.access.authorize(authorization, STOCK_RESERVE_SCOPE, {
      expiredGraceSeconds: this.tokenGraceSeconds,
    });
    return caller.sub;
  }
}
