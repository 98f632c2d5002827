import { AUTH_GRPC_SERVICE, type AuthServiceClient } from '@commlab/contracts';
import { fromGrpcError } from '@commlab/errors';
import { callWithDeadline, SERVICE_CONFIG } from '@commlab/service-kit';
import type { ServiceError } from '@grpc/grpc-js';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';

import type { OrderConfig } from '../config/order.config';
import { authFailure } from './auth-errors';
import type { Principal, TokenVerifier } from './principal';

export const AUTH_GRPC_CLIENT = Symbol('AUTH_GRPC_CLIENT');

/** order → auth over gRPC (NestJS ClientGrpc), with a deadline and the correlation id in metadata. */
@Injectable()
export class GrpcTokenVerifier implements TokenVerifier, OnModuleInit {
  readonly mode = 'grpc';
  private auth!: AuthServiceClient;

  constructor(
    @Inject(AUTH_GRPC_CLIENT) private readonly client: ClientGrpc,
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
  ) {}

  onModuleInit(): void {
    this.auth = this.client.getService<AuthServiceClient>(AUTH_GRPC_SERVICE);
  }

  async verify(token: string): Promise<Principal> {
    try {
      const response = await callWithDeadline(
        this.auth,
        'verifyToken',
        { token },
        this.config.DOWNSTREAM_TIMEOUT_MS,
      );
      return { ...response };
    } catch (error) {
      const rebuilt = fromGrpcError(error as Partial<ServiceError>, () => 'AUTH_UNAVAILABLE');
      throw authFailure(rebuilt.kind, rebuilt.message, error);
    }
  }
}
