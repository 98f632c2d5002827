import type { ServiceTokenSource } from '@commlab/access-tokens';
import { INVENTORY_GRPC_SERVICE, type InventoryServiceClient } from '@commlab/contracts';
import { fromGrpcError } from '@commlab/errors';
import { callWithDeadline, SERVICE_CONFIG } from '@commlab/service-kit';
import type { ServiceError } from '@grpc/grpc-js';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';

import type { OrderConfig } from '../config/order.config';
import {
  AUTHORIZATION_HEADER,
  INVENTORY_ACCESS_TOKEN,
  forgetRefusedToken,
  inventoryAuthorization,
} from './inventory-access-token';
import { inventoryFailure } from './inventory-errors';
import type { Reservation, ReservationRequest, StockReserver } from './stock-reserver';

export const INVENTORY_GRPC_CLIENT = Symbol('INVENTORY_GRPC_CLIENT');

/**
 * order → inventory over gRPC (NestJS ClientGrpc), with a deadline, and order's service token and the
 * correlation id in metadata.
 */
@Injectable()
export class GrpcStockReserver implements StockReserver, OnModuleInit {
  readonly transport = 'grpc';
  private inventory!: InventoryServiceClient;

  constructor(
    @Inject(INVENTORY_GRPC_CLIENT) private readonly client: ClientGrpc,
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
    @Inject(INVENTORY_ACCESS_TOKEN) private readonly tokens: ServiceTokenSource,
  ) {}

  onModuleInit(): void {
    this.inventory = this.client.getService<InventoryServiceClient>(INVENTORY_GRPC_SERVICE);
  }

  async reserve(request: ReservationRequest): Promise<Reservation> {
    const authorization = await inventoryAuthorization(this.tokens);
    try {
      return await callWithDeadline(this.inventory, 'reserveStock', request, this.timeoutMs, {
        [AUTHORIZATION_HEADER]: authorization,
      });
    } catch (error) {
      const refusal = fromGrpcError(error as Partial<ServiceError>, () => 'INVENTORY_UNAVAILABLE');
      throw inventoryFailure(forgetRefusedToken(this.tokens, refusal));
    }
  }

  async release(reservationId: string): Promise<void> {
    const authorization = await inventoryAuthorization(this.tokens);
    try {
      await callWithDeadline(this.inventory, 'releaseStock', { reservationId }, this.timeoutMs, {
        [AUTHORIZATION_HEADER]: authorization,
      });
    } catch (error) {
      const refusal = fromGrpcError(error as Partial<ServiceError>, () => 'INVENTORY_UNAVAILABLE');
      throw inventoryFailure(forgetRefusedToken(this.tokens, refusal));
    }
  }

  private get timeoutMs(): number {
    return this.config.DOWNSTREAM_TIMEOUT_MS;
  }
}
