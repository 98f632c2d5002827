import type { ServiceTokenSource } from '@commlab/access-tokens';
import { type CommlabRmqClient, RabbitMqUnreachableError } from '@commlab/messaging-rabbitmq';
import { Logger } from '@nestjs/common';

import type { OrderConfig } from '../config/order.config';
import type { GrpcStockReserver } from './grpc-stock-reserver';
import { RmqStockReserver } from './rmq-stock-reserver';

function reserverWith(connect: () => Promise<void>): RmqStockReserver {
  return new RmqStockReserver(
    { connect } as unknown as CommlabRmqClient,
    { DOWNSTREAM_TIMEOUT_MS: 1000 } as OrderConfig,
    {} as GrpcStockReserver,
    {} as ServiceTokenSource,
  );
}

describe('RmqStockReserver at boot', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('starts the client connecting without waiting for it', () => {
    const connect = jest.fn(() => new Promise<void>(() => undefined));
    reserverWith(connect).onApplicationBootstrap();
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('logs a failed first connect with its reason, and does not throw', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' });
    reserverWith(() => Promise.reject(new RabbitMqUnreachableError(refused))).onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('RabbitMQ unreachable: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5672'),
    );
  });
});
