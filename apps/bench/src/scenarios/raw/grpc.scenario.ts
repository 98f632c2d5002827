import { ReserveStockRequest, ReserveStockResponse } from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';

import type { Scenario } from '../../scenario';
import { PAYLOAD_BYTES, REPLY_MESSAGE, requestId, requestMessage } from '../payload';
import { startServerProcess } from '../../servers/server-process';
import { bytesDefinition, inventoryService } from './grpc-definition';

type ReserveStockClient = grpc.Client & {
  ReserveStock(
    request: ReserveStockRequest | Buffer,
    callback: (error: grpc.ServiceError | null, response?: ReserveStockResponse | Buffer) => void,
  ): grpc.ClientUnaryCall;
};

interface GrpcRawVariant {
  name: string;
  description: string;
  /** Channel options of both the server and the client channel. */
  options: Record<string, number>;
  /**
   * `protobuf`: proto-loader's codec encodes and decodes each message (what every grpc-js user gets).
   * `bytes`: the client sends pre-encoded protobuf bytes and the server answers pre-encoded bytes — the
   * codec's cost is taken out, the rest of grpc-js is left.
   */
  codec: 'protobuf' | 'bytes';
}

function grpcRawScenario(variant: GrpcRawVariant): Scenario {
  return {
    name: variant.name,
    group: 'request-reply',
    transport: 'grpc',
    kind: 'raw',
    description: variant.description,
    needs: [],
    async setup(context) {
      const Service = inventoryService();
      const bytes = variant.codec === 'bytes';
      const definition = bytes ? bytesDefinition(Service.service) : Service.service;
      const server = await startServerProcess(context, 'grpc-raw', {
        channelOptions: variant.options,
        codec: variant.codec,
      });
      const { port } = server.ready;
      const Client = bytes ? grpc.makeGenericClientConstructor(definition, 'InventoryService') : Service;
      const client = new Client(
        `127.0.0.1:${String(port)}`,
        grpc.credentials.createInsecure(),
        variant.options,
      ) as unknown as ReserveStockClient;
      await new Promise<void>((resolve, reject) => {
        client.waitForReady(Date.now() + 5000, (error) => {
          if (error) reject(error);
          else resolve();
        });
      }).catch(async (error: unknown) => {
        client.close();
        await server.stop();
        throw error;
      });
      let seq = 0;
      const request = (): ReserveStockRequest | Buffer => {
        const message = requestMessage(requestId(seq++));
        return bytes ? Buffer.from(ReserveStockRequest.encode(message).finish()) : message;
      };
      const check = (response: ReserveStockResponse | Buffer | undefined): boolean =>
        response !== undefined &&
        (Buffer.isBuffer(response) ? ReserveStockResponse.decode(response) : response).totalCents ===
          REPLY_MESSAGE.totalCents;

      return {
        placement: 'client in the bench process, server in a process of its own',
        payloadBytes: { request: PAYLOAD_BYTES.requestProtobuf, reply: PAYLOAD_BYTES.replyProtobuf },
        call: () =>
          new Promise<void>((resolve, reject) => {
            client.ReserveStock(request(), (error, response) => {
              if (error) reject(error);
              else if (!check(response)) reject(new Error('unexpected reply'));
              else resolve();
            });
          }),
        processes: server.processes,
        async close() {
          client.close();
          await server.stop();
        },
      };
    },
  };
}

/**
 * gRPC baseline: commlab.inventory.v1.InventoryService/ReserveStock from the real inventory.proto
 * (@grpc/proto-loader with commlab's loader options) on a bare @grpc/grpc-js server answering the fixed
 * reservation; one @grpc/grpc-js client channel (HTTP/2, calls multiplexed).
 */
export const grpcRaw: Scenario = grpcRawScenario({
  name: 'rr.grpc.raw',
  description: 'InventoryService/ReserveStock (real proto) on a bare @grpc/grpc-js server and client',
  options: {},
  codec: 'protobuf',
});

/**
 * The same, with channelz off on both sides and the codec taken out (pre-encoded bytes): what is left
 * is grpc-js's own per-call work. Beside `rr.grpc.raw` and `rr.grpc.raw.h2` it shows where the library's
 * cost is not (channelz, the protobuf codec) and how much remains.
 */
export const grpcRawLean: Scenario = grpcRawScenario({
  name: 'rr.grpc.raw.lean',
  description: 'the same call with channelz off and pre-encoded bytes (no codec): grpc-js alone',
  options: { 'grpc.enable_channelz': 0 },
  codec: 'bytes',
});
