/**
 * Measurements with bare protocol frames (no client library), so the figures show what the broker
 * itself costs: produce → parked Fetch latency, produce throughput, OffsetCommit latency.
 */
import { connect, type Socket } from 'node:net';
import * as hdr from 'hdr-histogram-js';
import { buildBatch } from '../protocol/build-batch.test-support';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import {
  fetchBody,
  metadataBody,
  offsetCommitBody,
  offsetCommitError,
  produceBody,
  produceResult,
} from './request-bodies';

export class FrameSocket {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private correlation = 0;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buffered = this.buffered.length === 0 ? d : Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < size + 4) break;
        const frame = this.buffered.subarray(4, size + 4);
        this.buffered = this.buffered.subarray(size + 4);
        this.waiting.shift()?.(frame);
      }
    });
  }

  static async open(port: number): Promise<FrameSocket> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    return new FrameSocket(socket);
  }

  request(apiKey: number, version: number, body: (w: Writer) => void): Promise<Reader> {
    const w = new Writer();
    w.int32(0).int16(apiKey).int16(version).int32(this.correlation++).string('bench-raw');
    body(w);
    const frame = Buffer.from(w.toBuffer());
    frame.writeInt32BE(frame.length - 4, 0);
    const response = new Promise<Reader>((resolve) =>
      this.waiting.push((f) => {
        const r = new Reader(f);
        r.int32();
        resolve(r);
      }),
    );
    this.socket.write(frame);
    return response;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A one-record RecordBatch v2 with a 100-byte value. */
function oneRecordBatch(): Buffer {
  return buildBatch(['x'.repeat(100)], Date.now());
}

export async function rawProduceToFetch(port: number, topic: string, rounds: number): Promise<hdr.Histogram> {
  const producer = await FrameSocket.open(port);
  const consumer = await FrameSocket.open(port);
  const batch = oneRecordBatch();
  const produce = produceBody(topic, batch);
  const fetch = (offset: number): ((w: Writer) => void) => fetchBody(topic, offset, 5000);
  await producer.request(3, 4, metadataBody(topic));
  let next = produceResult(await producer.request(0, 7, produce)).baseOffset + 1;
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
  for (let i = 0; i < rounds; i++) {
    const parked = consumer.request(1, 11, fetch(next));
    await new Promise((r) => setTimeout(r, 1)); // let the fetch park
    const started = process.hrtime.bigint();
    void producer.request(0, 7, produce);
    await parked;
    if (i >= rounds / 10) h.recordValue(Math.max(1, Number((process.hrtime.bigint() - started) / 1000n)));
    next++;
  }
  producer.close();
  consumer.close();
  return h;
}

/**
 * Sends `batches` to partition 0 of `topic` with `inFlight` produce requests outstanding; returns the
 * seconds from the first send to the last answer. Every answer must be error-free.
 */
export async function rawProduceThroughput(
  port: number,
  topic: string,
  batches: readonly Buffer[],
  acks: number,
  inFlight: number,
): Promise<number> {
  const socket = await FrameSocket.open(port);
  await socket.request(3, 4, metadataBody(topic));
  const started = process.hrtime.bigint();
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] ?? Buffer.alloc(0);
      const res = produceResult(await socket.request(0, 7, produceBody(topic, batch, acks)));
      if (res.errorCode !== 0) throw new Error(`produce to ${topic} failed with error ${res.errorCode}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  socket.close();
  return seconds;
}

/** Asks for a producer id (InitProducerId v1). */
export async function rawInitProducerId(port: number): Promise<number> {
  const socket = await FrameSocket.open(port);
  const r = await socket.request(22, 1, (w) => w.string(null).int32(60_000));
  socket.close();
  r.int32();
  const errorCode = r.int16();
  if (errorCode !== 0) throw new Error(`InitProducerId failed with error ${errorCode}`);
  return r.int64();
}

/** Latency of `rounds` OffsetCommit requests sent one after another (the answer means it is durable). */
export async function rawCommitLatency(port: number, topic: string, rounds: number): Promise<hdr.Histogram> {
  const socket = await FrameSocket.open(port);
  await socket.request(3, 4, metadataBody(topic));
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    const errorCode = offsetCommitError(
      await socket.request(8, 2, offsetCommitBody(`${topic}-g`, topic, 0, i)),
    );
    if (errorCode !== 0) throw new Error(`OffsetCommit failed with error ${errorCode}`);
    h.recordValue(Math.max(1, Number((process.hrtime.bigint() - started) / 1000n)));
  }
  socket.close();
  return h;
}
