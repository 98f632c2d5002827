import type { ServiceTokenSource } from '@commlab/access-tokens';
import { CORRELATION_ID_HEADER, KAFKA_CONSUMER_GROUPS, KAFKA_TOPICS } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import { currentCorrelationId, SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ClientKafka } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import type { OrderConfig } from '../config/order.config';
import { GrpcStockReserver } from './grpc-stock-reserver';
import {
  AUTHORIZATION_HEADER,
  INVENTORY_ACCESS_TOKEN,
  forgetRefusedToken,
  inventoryAuthorization,
} from './inventory-access-token';
import { INVENTORY_KAFKA_CLIENT } from './inventory-kafka-client';
import { inventoryFailure } from './inventory-errors';
import {
  type Reservation,
  brokerRpcError,
  parseReservationReply,
  type ReservationRequest,
  type StockReserver,
} from './stock-reserver';

const REQUEST_TOPIC = KAFKA_TOPICS.inventoryReserveStock;
const REPLY_TOPIC = KAFKA_TOPICS.inventoryReserveStockReply;

class Unavailable extends AppError {
  constructor(message: string, cause?: unknown) {
    super({ code: 'UNAVAILABLE', kind: 'unavailable', message, cause });
  }
}

/**
 * order → inventory over Kafka request-reply (NestJS ClientKafka.send): the request goes to
 * `inventory.reserve-stock` with NestJS's reply headers (kafka_correlationId, kafka_replyTopic,
 * kafka_replyPartition = this instance's partition of `inventory.reserve-stock.reply`), keyed by the
 * reservation id, with order's service token in the `authorization` header and the caller's correlation
 * id in the `x-correlation-id` header.
 *
 * One request takes at most DOWNSTREAM_TIMEOUT_MS in all — connecting, waiting for a reply partition,
 * waiting for the reply — then it is 503 INVENTORY_UNAVAILABLE (retriable), like a gRPC deadline.
 * The client connects on the first request (order boots without Kafka); a failed connection is dropped
 * and the next request connects afresh. The request carries `expiresAt`, so inventory never reserves
 * for a request read after the order has answered.
 */
@Injectable()
export class KafkaStockReserver implements StockReserver, OnModuleInit, OnApplicationShutdown {
  readonly transport = 'kafka';
  private readonly logger = new Logger(KafkaStockReserver.name);
  private connecting: Promise<void> | undefined;
  private readonly assignmentWaiters = new Set<() => void>();
  private closed = false;

  constructor(
    @Inject(INVENTORY_KAFKA_CLIENT) private readonly client: ClientKafka,
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
    private readonly grpc: GrpcStockReserver,
    @Inject(INVENTORY_ACCESS_TOKEN) private readonly tokens: ServiceTokenSource,
  ) {}

  onModuleInit(): void {
    this.client.subscribeToResponseOf(REQUEST_TOPIC);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    await this.client.close();
  }

  async reserve(request: ReservationRequest): Promise<Reservation> {
    const deadline = Date.now() + this.config.DOWNSTREAM_TIMEOUT_MS;
    const authorization = await inventoryAuthorization(this.tokens);
    let reply: unknown;
    try {
      await this.readyToSend(deadline);
      const correlationId = currentCorrelationId();
      reply = await firstValueFrom(
        this.client
          .send(REQUEST_TOPIC, {
            key: request.reservationId,
            value: { ...request, expiresAt: new Date(deadline).toISOString() },
            headers: {
              [AUTHORIZATION_HEADER]: authorization,
              ...(correlationId === undefined ? {} : { [CORRELATION_ID_HEADER]: correlationId }),
            },
          })
          .pipe(timeout({ first: Math.max(1, deadline - Date.now()) })),
      );
    } catch (error) {
      const refusal = brokerRpcError(
        error,
        `no reply on ${REPLY_TOPIC} within ${String(this.config.DOWNSTREAM_TIMEOUT_MS)} ms`,
      );
      throw inventoryFailure(forgetRefusedToken(this.tokens, refusal));
    }
    return parseReservationReply(reply, REPLY_TOPIC);
  }

  /**
   * Compensation goes over gRPC: commlab has no Kafka topic for ReleaseStock, and releasing is
   * idempotent on the reservation id whichever transport reserved it.
   */
  release(reservationId: string): Promise<void> {
    return this.grpc.release(reservationId);
  }

  /** Connected, and this instance owns a reply partition; else Unavailable by `deadline`. */
  private async readyToSend(deadline: number): Promise<void> {
    await this.beforeDeadline(this.connection(), deadline, 'Kafka is unreachable');
    if (this.replyPartition() !== undefined) return;
    let wake: (() => void) | undefined;
    const assigned = new Promise<void>((resolve) => {
      wake = resolve;
      this.assignmentWaiters.add(resolve);
    });
    try {
      await this.beforeDeadline(
        assigned,
        deadline,
        `this order instance has no partition of ${REPLY_TOPIC} yet (group still joining, or more ` +
          `order instances than partitions)`,
      );
    } finally {
      if (wake !== undefined) this.assignmentWaiters.delete(wake);
    }
  }

  private replyPartition(): number | undefined {
    return this.client.getConsumerAssignments()[REPLY_TOPIC];
  }

  /** One connection attempt at a time; a failed one is dropped so the next request tries again. */
  private connection(): Promise<void> {
    if (this.closed) return Promise.reject(new Unavailable('order-service is shutting down'));
    this.connecting ??= this.client.connect().then(
      () => {
        const consumer = this.client.consumer;
        // NestJS's own GROUP_JOIN listener (registered first) has updated the assignments by now.
        consumer.on(consumer.events.GROUP_JOIN, () => {
          if (this.replyPartition() === undefined) {
            this.logger.warn(
              `joined group ${KAFKA_CONSUMER_GROUPS.orderReserveStockReplies} without a partition of ` +
                `${REPLY_TOPIC}: more order instances than reply partitions; this instance's Kafka ` +
                'requests answer 503 until a partition is free',
            );
            return;
          }
          for (const wake of this.assignmentWaiters) wake();
          this.assignmentWaiters.clear();
        });
        consumer.on(consumer.events.CRASH, (event) => {
          if (event.payload.restart) return;
          this.logger.warn(
            { err: event.payload.error },
            'the Kafka reply consumer stopped; the next Kafka order connects again',
          );
          void this.dropConnection();
        });
      },
      async (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`could not connect to Kafka for request-reply: ${reason}`);
        await this.dropConnection();
        throw new Unavailable(`Kafka is unreachable: ${reason}`, error);
      },
    );
    return this.connecting;
  }

  private async dropConnection(): Promise<void> {
    this.connecting = undefined;
    // ClientKafka keeps a failed connect() forever; close() clears it.
    await this.client.close().catch(() => undefined);
  }

  private async beforeDeadline<T>(work: Promise<T>, deadline: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          reject(new Unavailable(message));
        },
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
