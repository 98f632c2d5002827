import { GRPC_LOADER_OPTIONS } from '@commlab/contracts';
import { type ClientGrpcProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';

/**
 * A NestJS gRPC client (commlab's proto loader options) to one of the bench stack's services, on a
 * channel of its own: @grpc/grpc-js shares connections between clients of the same target by default,
 * and the order-service in this process has clients of the same auth and inventory servers.
 */
export function benchGrpcClient(options: {
  url: string;
  package: string;
  protoPath: string;
}): ClientGrpcProxy {
  return ClientProxyFactory.create({
    transport: Transport.GRPC,
    options: {
      ...options,
      loader: GRPC_LOADER_OPTIONS,
      channelOptions: { 'grpc.use_local_subchannel_pool': 1 },
    },
  });
}
