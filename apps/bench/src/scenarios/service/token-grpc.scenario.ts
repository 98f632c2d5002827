import {
  AUTH_GRPC_PACKAGE,
  AUTH_GRPC_SERVICE,
  AUTH_PROTO_PATH,
  type AuthServiceClient,
  VerifyTokenRequest,
  VerifyTokenResponse,
} from '@commlab/contracts';
import { type CallOptions, Metadata } from '@grpc/grpc-js';
import { firstValueFrom, type Observable } from 'rxjs';

import type { Scenario } from '../../scenario';
import { firstSuccess } from './first-success';
import { benchGrpcClient } from './grpc-client';
import { checkPrincipal } from './principal-check';
import { withBenchStack } from './shared-bench-stack';

/** NestJS's gRPC client passes extra arguments through to @grpc/grpc-js: metadata and the deadline. */
type VerifyWithOptions = (
  request: VerifyTokenRequest,
  metadata: Metadata,
  options: CallOptions,
) => Observable<VerifyTokenResponse>;

/**
 * Token verification as order-service's GrpcTokenVerifier does it on every order: NestJS `ClientGrpc` →
 * auth-service's `commlab.auth.v1.AuthService/VerifyToken` with the demo user's token and a deadline of
 * DOWNSTREAM_TIMEOUT_MS. auth checks the EdDSA signature, issuer, audience and expiry, and that the user
 * still exists (a store lookup), and answers the principal.
 */
export const tokenGrpc: Scenario = {
  name: 'token.grpc.auth',
  group: 'token-verification',
  transport: 'grpc',
  kind: 'framework',
  description:
    'VerifyToken on the real auth-service: NestJS ClientGrpc → auth gRPC (signature + user lookup)',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      const token = await stack.accessToken.ready();
      const client = benchGrpcClient({
        url: stack.auth.grpcUrl,
        package: AUTH_GRPC_PACKAGE,
        protoPath: AUTH_PROTO_PATH,
      });
      const close = async () => {
        client.close();
        await lease.release();
      };
      try {
        const auth = client.getService<AuthServiceClient>(AUTH_GRPC_SERVICE);
        const verifyToken = auth.verifyToken.bind(auth) as unknown as VerifyWithOptions;
        const timeoutMs = stack.downstreamTimeoutMs;
        const verify = async () => {
          const principal = await firstValueFrom(
            verifyToken({ token: stack.accessToken.token }, new Metadata(), {
              deadline: Date.now() + timeoutMs,
            }),
          );
          checkPrincipal(principal);
          return principal;
        };
        // Also opens the channel: NestJS's gRPC client connects on its first call.
        const principal = await firstSuccess(verify, 'token.grpc.auth first call', {
          totalMs: 30_000,
          attemptMs: 10_000,
        });
        return {
          placement: `NestJS ClientGrpc in the bench process; auth-service: ${stack.where.services}`,
          payloadBytes: {
            request: VerifyTokenRequest.encode({ token }).finish().length,
            reply: VerifyTokenResponse.encode(principal).finish().length,
          },
          call: async () => {
            await verify();
          },
          close,
        };
      } catch (error) {
        client.close();
        throw error;
      }
    }),
};
