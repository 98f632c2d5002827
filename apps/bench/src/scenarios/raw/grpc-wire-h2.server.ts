import { ReserveStockRequest, ReserveStockResponse } from '@commlab/contracts';
import { constants, createServer, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';

import type { RunningServer } from '../../servers/server-kinds';
import { closeServer, listenOnLoopback } from '../listen';
import { REPLY_MESSAGE } from '../payload';
import { collect, frame, unframe } from './grpc-frame';

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
 * `rr.grpc.raw.h2`'s server: a gRPC unary answer written by hand on node:http2 (the length-prefixed
 * protobuf and the `grpc-status` trailers), TCP_NODELAY on; on 127.0.0.1 and a free port.
 */
export async function startGrpcWireServer(): Promise<RunningServer<{ port: number }>> {
  const server = createServer();
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  server.on('stream', answer);
  const port = await listenOnLoopback(server);
  return { ready: { port }, close: () => closeServer(server) };
}
