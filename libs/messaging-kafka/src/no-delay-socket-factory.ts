import { connect as connectTcp, isIP } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';

import type { ISocketFactory } from 'kafkajs';

const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs's socket factory with TCP_NODELAY on. kafkajs's own leaves Nagle's algorithm on, so a small
 * produce or fetch can wait for the ACK of the previous segment (up to 40 ms with delayed ACKs) — the
 * request-reply path is made of exactly such small writes. Otherwise the same: TLS when `ssl` is set
 * (SNI for host names), TCP keep-alive after 60 s. Pass it as `client.socketFactory` of every kafkajs /
 * NestJS Kafka client and server.
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl: sslOption, onConnect }) => {
  // kafkajs types `ssl` as always present; it is unset (or false/null) for a plain connection.
  const ssl = sslOption as ConnectionOptions | false | null | undefined;
  const socket =
    ssl === undefined || ssl === null || ssl === false
      ? connectTcp({ host, port, noDelay: true }, onConnect)
      : connectTls({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}), ...ssl }, onConnect);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};
