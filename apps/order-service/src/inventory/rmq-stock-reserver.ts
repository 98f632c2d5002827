import type { ServiceTokenSource } from '@commlab/access-tokens';
import { CORRELATION_ID_HEADER, RABBITMQ_QUEUES, RABBITMQ_RPC_PATTERNS } from '@commlab/contracts';
import { CommlabRmqClient } from '@commlab/messaging-rabbitmq';
import { describeError } from '@commlab/resilience';
import { currentCorrelationId, SERVICE_CONFIG } from '@commlab/service-kit';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { RmqRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import type { OrderConfig } from '../config/order.config';
import { GrpcStockReserver } from './grpc-stock-reserver';
import {
  AUTHORIZATION_HEADER,
  INVENTORY_ACCESS_TOKEN,
  forgetRefusedToken,
  inventoryAuthorization,
} from './inventory-access-token';
import { inventoryFailure } from './inventory-errors';
import {
  brokerRpcError,
  parseReservationReply,
  type Reservation,
  type ReservationRequest,
  type StockReserver,
} from './stock-reserver';

export const INVENTORY_RMQ_CLIENT = Symbol('INVENTORY_RMQ_CLIENT');

/**
 * NestJS's RabbitMQ client for the RPC queue `inventory.rpc` (extended to declare commlab's topology on
 * every connect). Replies come back on RabbitMQ's direct reply-to (`amq.rabbitmq.reply-to`): no reply
 * queue to declare or clean up. RmqStockReserver starts its connect at boot, in the background.
 */
export function inventoryRmqClient(config: OrderConfig): CommlabRmqClient {
  return new CommlabRmqClient({
    urls: [config.RABBITMQ_URL],
    queue: RABBITMQ_QUEUES.inventoryRpc,
    // A request is worthless once its caller answered 503: no need to survive a broker restart.
    persistent: false,
    socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 },
  });
}

/**
 * order → inventory over RabbitMQ request-reply (NestJS ClientRMQ.send): the request goes to
 * `inventory.rpc` with pattern `inventory.reserve-stock`, order's service token in the `authorization`
 * header, the caller's correlation id in the `x-correlation-id` header, and both an AMQP `expiration` and an `expiresAt` of DOWNSTREAM_TIMEOUT_MS:
 * a request nobody took in time is dropped by the broker, and one taken too late is refused by
 * inventory, so stock is never reserved for an order that was already answered with 503.
 * No reply within DOWNSTREAM_TIMEOUT_MS (inventory down, RabbitMQ down) → 503 INVENTORY_UNAVAILABLE.
 *
 * The client connects at boot, in the background: connecting and declaring commlab's topology would
 * otherwise fall within the first `?transport=rmq` order's deadline (1 s in the tests), and a loaded
 * machine could turn that order into a 503. Boot never waits for it, and RabbitMQ down at boot is no
 * error: amqp-connection-manager keeps reconnecting, and NestJS's client sets up its channel on the first
 * connect that works. (Kafka's reserver stays lazy: its client joins a consumer group and polls, which
 * costs CPU in every idle order-service; this client only sends a heartbeat every 5 s.)
 */
@Injectable()
export class RmqStockReserver implements StockReserver, OnApplicationBootstrap, OnApplicationShutdown {
  readonly transport = 'rmq';
  private readonly logger = new Logger(RmqStockReserver.name);

  constructor(
    @Inject(INVENTORY_RMQ_CLIENT) private readonly client: CommlabRmqClient,
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
    private readonly grpc: GrpcStockReserver,
    @Inject(INVENTORY_ACCESS_TOKEN) private readonly tokens: ServiceTokenSource,
  ) {}

  onApplicationBootstrap(): void {
    this.client.connect().catch((error: unknown) => {
      this.logger.warn(
        `RabbitMQ RPC client not connected at boot, still reconnecting (?transport=rmq answers 503 until it is): ${describeError(error)}`,
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  async reserve(request: ReservationRequest): Promise<Reservation> {
    const timeoutMs = this.config.DOWNSTREAM_TIMEOUT_MS;
    const authorization = await inventoryAuthorization(this.tokens);
    const correlationId = currentCorrelationId();
    const record = new RmqRecordBuilder({
      ...request,
      expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
    })
      .setOptions({
        expiration: String(timeoutMs),
        headers: {
          [AUTHORIZATION_HEADER]: authorization,
          ...(correlationId === undefined ? {} : { [CORRELATION_ID_HEADER]: correlationId }),
        },
      })
      .build();
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.client.send(RABBITMQ_RPC_PATTERNS.reserveStock, record).pipe(timeout({ first: timeoutMs })),
      );
    } catch (error) {
      const refusal = brokerRpcError(
        error,
        `no reply on ${RABBITMQ_QUEUES.inventoryRpc} within ${String(timeoutMs)} ms`,
      );
      throw inventoryFailure(forgetRefusedToken(this.tokens, refusal));
    }
    return parseReservationReply(reply, RABBITMQ_QUEUES.inventoryRpc);
  }

  /** Compensation goes over gRPC: releasing is idempotent on the reservation id, whatever reserved it. */
  release(reservationId: string): Promise<void> {
    return this.grpc.release(reservationId);
  }
}
