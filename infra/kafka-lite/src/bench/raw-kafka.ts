/**
 * Produce → parked Fetch latency measured with bare protocol frames (no client library), so the figure
 * shows what the broker itself adds on top of the TCP round trip.
 */
import { connect, type Socket } from 'node:net';
import * as hdr from 'hdr-histogram-js';
import { crc32c } from '../protocol/crc32c';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { fetchBody, produceBody } from './request-bodies';

class FrameSocket {
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

function zigzagVarint(n: number): Buffer {
  let z = (n << 1) ^ (n >> 31);
  const out: number[] = [];
  while (z > 0x7f) {
    out.push((z & 0x7f) | 0x80);
    z >>>= 7;
  }
  out.push(z);
  return Buffer.from(out);
}

/** A one-record RecordBatch v2 (100-byte value, no key, no headers). */
function oneRecordBatch(): Buffer {
  const value = Buffer.alloc(100, 'x');
  // record: length, attributes, timestampDelta, offsetDelta, keyLength(-1), valueLength, value, headers(0)
  const body = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from([200, 1]), value, Buffer.from([0])]);
  const record = Buffer.concat([zigzagVarint(body.length), body]);
  const header = Buffer.alloc(61);
  header.writeInt8(2, 16);
  header.writeBigInt64BE(BigInt(Date.now()), 27);
  header.writeBigInt64BE(BigInt(Date.now()), 35);
  header.writeBigInt64BE(-1n, 43);
  header.writeInt16BE(-1, 51);
  header.writeInt32BE(-1, 53);
  header.writeInt32BE(1, 57);
  const batch = Buffer.concat([header, record]);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

export async function rawProduceToFetch(port: number, topic: string, rounds: number): Promise<hdr.Histogram> {
  const producer = await FrameSocket.open(port);
  const consumer = await FrameSocket.open(port);
  const batch = oneRecordBatch();
  const produce = produceBody(topic, batch);
  const fetch = (offset: number): ((w: Writer) => void) => fetchBody(topic, offset, 5000);
  await producer.request(3, 4, (w) => {
    w.array([topic], (w, t) => {
      w.string(t);
    });
    w.bool(true);
  });
  const first = await producer.request(0, 7, produce);
  first.int32();
  first.string();
  first.int32();
  first.int32();
  first.int16();
  let next = first.int64() + 1;
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
