import { ReserveStockRequest, ReserveStockResponse } from '@commlab/contracts';
import { connect as connectTcp, type Socket } from 'node:net';
import {
  connect,
  constants,
  createServer,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';

import type { Scenario } from '../../scenario';
import { closeServer, listenOnLoopback } from '../listen';
import { PAYLOAD_BYTES, REPLY_MESSAGE, requestId, requestMessage } from '../payload';

const PATH = '/commlab.inventory.v1.InventoryService/ReserveStock';

/** gRPC's length-prefixed message: 1 byte "not compressed", 4 bytes big-endian length, the protobuf. */
function frame(message: Uint8Array): Buffer {
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  return framed;
}

function unframe(body: Buffer): Buffer {
  if (body.length < 5 || body.readUInt32BE(1) !== body.length - 5) throw new Error('not one gRPC message');
  return body.subarray(5);
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', reject);
  });
}

function answer(stream: ServerHttp2Stream): void {
  collect(stream).then(
    (body) => {
      const request = ReserveStockRequest.decode(unframe(body));
      const reply = frame(
        ReserveStockResponse.encode({ ...REPLY_MESSAGE, reservationId: request.reservationId }).finish(),
      );
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => {
        stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': '' });
      });
      stream.end(reply);
    },
    () => {
      stream.close(constants.NGHTTP2_PROTOCOL_ERROR);
    },
  );
}

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
  async setup() {
    const server = createServer();
    server.on('connection', (socket: Socket) => socket.setNoDelay(true));
    server.on('stream', answer);
    const port = await listenOnLoopback(server);
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
      placement: 'client and server in the bench process',
      payloadBytes: { request: PAYLOAD_BYTES.requestProtobuf, reply: PAYLOAD_BYTES.replyProtobuf },
      call,
      async close() {
        session.close();
        await closeServer(server);
      },
    };
  },
};
