import { AUTH_GRPC_SERVICE, type AuthServiceClient, type VerifyTokenResponse } from '@commlab/contracts';
import { fromGrpcError } from '@commlab/errors';
import { correlationMetadata } from '@commlab/service-kit';
import type { CallOptions, Metadata, ServiceError } from '@grpc/grpc-js';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { firstValueFrom, type Observable } from 'rxjs';

import { ORDER_CONFIG } from '../config/order-config.provider';
import type { OrderConfig } from '../config/order.config';
import { authFailure } from './auth-errors';
import type { Principal, TokenVerifier } from './principal';

export const AUTH_GRPC_CLIENT = Symbol('AUTH_GRPC_CLIENT');

/** NestJS's gRPC client passes extra arguments through to @grpc/grpc-js, so a deadline can ride along. */
type VerifyWithOptions = (
  request: { token: string },
  metadata: Metadata,
  options: CallOptions,
) => Observable<VerifyTokenResponse>;

/** order → auth over gRPC (NestJS ClientGrpc), with a deadline and the correlation id in metadata. */
@Injectable()
export class GrpcTokenVerifier implements TokenVerifier, OnModuleInit {
  readonly mode = 'grpc';
  private auth!: AuthServiceClient;

  constructor(
    @Inject(AUTH_GRPC_CLIENT) private readonly client: ClientGrpc,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {}

  onModuleInit(): void {
    this.auth = this.client.getService<AuthServiceClient>(AUTH_GRPC_SERVICE);
  }

  async verify(token: string): Promise<Principal> {
    const verifyToken = this.auth.verifyToken.bind(this.auth) as unknown as VerifyWithOptions;
    try {
      const response = await firstValueFrom(
        verifyToken({ token }, correlationMetadata(), {
          deadline: Date.now() + this.config.DOWNSTREAM_TIMEOUT_MS,
        }),
      );
      return { ...response };
    } catch (error) {
      const rebuilt = fromGrpcError(error as Partial<ServiceError>, () => 'AUTH_UNAVAILABLE');
      throw authFailure(rebuilt.kind, rebuilt.message, error);
    }
  }
}
