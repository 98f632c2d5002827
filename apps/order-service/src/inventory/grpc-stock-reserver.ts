import {
  INVENTORY_GRPC_SERVICE,
  type InventoryServiceClient,
  type ReleaseStockResponse,
  type ReserveStockResponse,
} from '@commlab/contracts';
import { fromGrpcError } from '@commlab/errors';
import { correlationMetadata } from '@commlab/service-kit';
import type { CallOptions, Metadata, ServiceError } from '@grpc/grpc-js';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { firstValueFrom, type Observable } from 'rxjs';

import { ORDER_CONFIG } from '../config/order-config.provider';
import type { OrderConfig } from '../config/order.config';
import { inventoryFailure } from './inventory-errors';
import type { Reservation, ReservationRequest, StockReserver } from './stock-reserver';

export const INVENTORY_GRPC_CLIENT = Symbol('INVENTORY_GRPC_CLIENT');

type WithOptions<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: CallOptions,
) => Observable<Response>;

/** order → inventory over gRPC (NestJS ClientGrpc), with a deadline and the correlation id in metadata. */
@Injectable()
export class GrpcStockReserver implements StockReserver, OnModuleInit {
  readonly transport = 'grpc';
  private inventory!: InventoryServiceClient;

  constructor(
    @Inject(INVENTORY_GRPC_CLIENT) private readonly client: ClientGrpc,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {}

  onModuleInit(): void {
    this.inventory = this.client.getService<InventoryServiceClient>(INVENTORY_GRPC_SERVICE);
  }

  async reserve(request: ReservationRequest): Promise<Reservation> {
    const reserveStock = this.inventory.reserveStock.bind(this.inventory) as unknown as WithOptions<
      ReservationRequest,
      ReserveStockResponse
    >;
    try {
      return await firstValueFrom(reserveStock(request, correlationMetadata(), this.deadline()));
    } catch (error) {
      throw inventoryFailure(fromGrpcError(error as Partial<ServiceError>, () => 'INVENTORY_UNAVAILABLE'));
    }
  }

  async release(reservationId: string): Promise<void> {
    const releaseStock = this.inventory.releaseStock.bind(this.inventory) as unknown as WithOptions<
      { reservationId: string },
      ReleaseStockResponse
    >;
    try {
      await firstValueFrom(releaseStock({ reservationId }, correlationMetadata(), this.deadline()));
    } catch (error) {
      throw inventoryFailure(fromGrpcError(error as Partial<ServiceError>, () => 'INVENTORY_UNAVAILABLE'));
    }
  }

  private deadline(): CallOptions {
    return { deadline: Date.now() + this.config.DOWNSTREAM_TIMEOUT_MS };
  }
}
