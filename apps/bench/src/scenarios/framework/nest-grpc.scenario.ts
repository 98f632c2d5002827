import { INVENTORY_GRPC_SERVICE, type InventoryServiceClient } from '@commlab/contracts';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { PAYLOAD_BYTES, REPLY_MESSAGE, requestId, requestMessage } from '../payload';
import { inventoryGrpcOptions } from './nest-grpc.server';
import { withinMs } from './reserve-stock-work';
import { silenceNestLogger } from './silence-nest-logger';

const SETUP_CALL_TIMEOUT_MS = 10_000;

/**
 * gRPC through NestJS: the same InventoryService/ReserveStock (real inventory.proto, commlab's loader
 * options) as `rr.grpc.raw`, served by a NestJS `Transport.GRPC` microservice with `@GrpcMethod` and
 * called through NestJS's `ClientGrpc` (`getService`, an Observable per call) — both on @grpc/grpc-js,
 * so `×raw` is what NestJS adds on both sides.
 */
export const grpcNest: Scenario = {
  name: 'rr.grpc.nest',
  group: 'request-reply',
  transport: 'grpc',
  kind: 'framework',
  baseline: 'rr.grpc.raw',
  description: 'InventoryService/ReserveStock (real proto): NestJS ClientGrpc → NestJS gRPC microservice',
  needs: [],
  async setup(context) {
    silenceNestLogger();
    const server = await startServerProcess(context, 'nest-grpc', {});
    const { url } = server.ready;
    const client = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: inventoryGrpcOptions(url),
    });
    const inventory = client.getService<InventoryServiceClient>(INVENTORY_GRPC_SERVICE);
    let seq = 0;
    const call = async () => {
      const reply = await firstValueFrom(inventory.reserveStock(requestMessage(requestId(seq++))));
      if (reply.totalCents !== REPLY_MESSAGE.totalCents) throw new Error('unexpected reply');
    };
    const close = async () => {
      client.close();
      await server.stop();
    };
    try {
      // Also opens the channel: NestJS's gRPC client connects on its first call.
      await withinMs(call(), SETUP_CALL_TIMEOUT_MS, 'rr.grpc.nest first call');
    } catch (error) {
      await close();
      throw error;
    }
    return {
      placement: 'NestJS client in the bench process, NestJS server in a process of its own',
      payloadBytes: { request: PAYLOAD_BYTES.requestProtobuf, reply: PAYLOAD_BYTES.replyProtobuf },
      call,
      processes: server.processes,
      close,
    };
  },
};
