/**
 * The resource attacks of issue 17, on raw sockets: used by the robustness tests (memory bounds
 * asserted) and by `pnpm bench:kafka-lite` (figures printed).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { Writer } from '../protocol/writer';
import { fetchBody } from './request-bodies';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function frame(apiKey: number, version: number, correlationId: number, body: (w: Writer) => void): Buffer {
  const w = new Writer();
  w.int32(0).int16(apiKey).int16(version).int32(correlationId).string('attack');
  body(w);
  const out = Buffer.from(w.toBuffer());
  out.writeInt32BE(out.length - 4, 0);
  return out;
}

/** A Fetch v11 frame for partition 0 of `topic` from `offset`, answered at once with up to `maxBytes`. */
export function fetchFrame(topic: string, offset: number, maxBytes: number, correlationId = 0): Buffer {
  return frame(1, 11, correlationId, fetchBody(topic, offset, 0, 1, maxBytes));
}

export interface Attack {
  /** Bytes the attack managed to send before the broker stopped reading. */
  sentBytes: number;
  close(): void;
}

/**
 * One connection sends `requests` Fetch requests that each ask for `maxBytes` from offset 0 and never
 * reads a reply (the slow-reader attack).
 */
export async function slowReader(
  port: number,
  topic: string,
  requests: number,
  maxBytes: number,
): Promise<Attack> {
  const socket = await open(port);
  socket.on('error', () => undefined);
  socket.pause(); // never read
  const frames = Array.from({ length: requests }, (_, i) => fetchFrame(topic, 0, maxBytes, i));
  const data = Buffer.concat(frames);
  socket.write(data);
  return {
    sentBytes: data.length,
    close: () => socket.destroy(),
  };
}

/**
 * `connections` connections each declare a frame of `declaredBytes` and send up to `sendBytes` of it,
 * stopping early on a connection once the broker has not read from it for `stallMs`.
 */
export async function partialFrames(
  port: number,
  connections: number,
  declaredBytes: number,
  sendBytes: number,
  stallMs = 300,
): Promise<Attack> {
  const sockets = await Promise.all(Array.from({ length: connections }, () => open(port)));
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  let sentBytes = 0;
  await Promise.all(
    sockets.map(async (socket) => {
      socket.on('error', () => undefined);
      const size = Buffer.alloc(4);
      size.writeInt32BE(declaredBytes);
      socket.write(size);
      let sent = 0;
      while (sent < sendBytes && !socket.destroyed) {
        const n = Math.min(chunk.length, sendBytes - sent);
        sent += n;
        sentBytes += n;
        if (socket.write(chunk.subarray(0, n))) continue;
        const drained = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            socket.off('drain', onDrain);
            resolve(false);
          }, stallMs);
          const onDrain = (): void => {
            clearTimeout(timer);
            resolve(true);
          };
          socket.once('drain', onDrain);
        });
        if (!drained) break;
      }
    }),
  );
  return {
    sentBytes,
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}

/** Opens `count` connections that never send anything; `open()` counts those the broker has not closed. */
export async function idleConnections(
  port: number,
  count: number,
): Promise<{ open(): number; close(): void }> {
  const sockets: Socket[] = [];
  let closed = 0;
  for (let i = 0; i < count; i += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - i) }, () => open(port)));
    for (const s of batch) {
      s.on('error', () => undefined);
      s.on('close', () => closed++);
      s.resume();
      sockets.push(s);
    }
  }
  return {
    open: () => sockets.length - closed,
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * How many idle connections this process (and a broker child, which inherits the limit) can open:
 * `wanted`, or fewer when the open-files limit (`ulimit -n`) leaves less room.
 */
export function idleConnectionCount(wanted: number): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/Max open files\s+(\d+|unlimited)/.exec(limits)?.[1] ?? 'NaN');
  const room = Number.isNaN(soft) ? wanted : soft - 500;
  if (room < 1000) {
    throw new Error(`the open-files limit is ${soft}; raise it (ulimit -n 20000) to test idle connections`);
  }
  return Math.min(wanted, room);
}
