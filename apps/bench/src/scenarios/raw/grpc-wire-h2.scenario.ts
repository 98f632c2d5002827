import { ReserveStockRequest, ReserveStockResponse } from '@commlab/contracts';
import { connect as connectTcp } from 'node:net';
import { connect, type IncomingHttpHeaders } from 'node:http2';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { PAYLOAD_BYTES, REPLY_MESSAGE, requestId, requestMessage } from '../payload';
import { collect, frame, unframe } from './grpc-frame';

const PATH = '/commlab.inventory.v1.InventoryService/ReserveStock';

/**
 * What a gRPC unary call puts on the wire, written by hand on node:http2 — no grpc-js: the same path,
 * headers (`content-type: application/grpc`, `te: trailers`, `grpc-timeout`), the same length-prefixed
 * protobuf (ts-proto's codec from @commlab/contracts) and the `grpc-status` trailers. Next to `rr.grpc.raw`
 * it splits a gRPC call's cost into the protocol's (HTTP/2 + framing + trailers) and the library's.
 */
export const grpcWireOnHttp2Raw: Scenario = {
  name: 'rr.grpc.raw.h2',
  group: 'request-reply',
  transport: 'grpc',
  kind: 'raw',
  description: "gRPC's wire format by hand on node:http2 (same bytes and trailers, no grpc-js)",
  needs: [],
  async setup(context) {
    const server = await startServerProcess(context, 'grpc-h2', {});
    const { port } = server.ready;
    const session = connect(`http://127.0.0.1:${String(port)}`, {
      createConnection: () => connectTcp({ host: '127.0.0.1', port, noDelay: true }),
    });
    let seq = 0;

    const call = async (): Promise<void> => {
      const stream = session.request({
        ':method': 'POST',
        ':path': PATH,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-timeout': '5S',
      });
      const trailers = new Promise<string | undefined>((resolve) => {
        stream.once('trailers', (headers: IncomingHttpHeaders) => {
          const status = headers['grpc-status'];
          resolve(typeof status === 'string' ? status : undefined);
        });
      });
      stream.end(frame(ReserveStockRequest.encode(requestMessage(requestId(seq++))).finish()));
      const reply = ReserveStockResponse.decode(unframe(await collect(stream)));
      if (reply.totalCents !== REPLY_MESSAGE.totalCents) throw new Error('unexpected reply');
      if ((await trailers) !== '0') throw new Error('no grpc-status 0 trailer');
    };

    return {
      placement: 'client in the bench process, server in a process of its own',
      payloadBytes: { request: PAYLOAD_BYTES.requestProtobuf, reply: PAYLOAD_BYTES.replyProtobuf },
      call,
      processes: server.processes,
      async close() {
        session.close();
        await server.stop();
      },
    };
  },
};
