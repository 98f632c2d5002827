import { connect, type Socket } from 'node:net';
import { Reader } from '../../src/protocol/reader';
import { Writer } from '../../src/protocol/writer';

/** A bare Kafka-protocol connection for tests that need exact frames. */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private correlation = 0;
  closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < size + 4) break;
        const frame = this.buffered.subarray(4, size + 4);
        this.buffered = this.buffered.subarray(size + 4);
        this.waiting.shift()?.(frame);
      }
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        resolve();
      }),
    );
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /**
   * Sends a request; resolves with a Reader positioned after the correlation id. With `firstPiece`, the
   * frame's first bytes are written alone and the rest 50 ms later.
   */
  send(
    apiKey: number,
    version: number,
    body: (w: Writer) => void,
    firstPiece?: (frameLength: number) => number,
  ): Promise<{ correlationId: number; r: Reader }> {
    const sent = this.sendNoReply(apiKey, version, body, firstPiece);
    return new Promise((resolve) => {
      this.waiting.push((frame) => {
        const r = new Reader(frame);
        const correlationId = r.int32();
        expect(correlationId).toBe(sent);
        resolve({ correlationId, r });
      });
    });
  }

  /** Sends a request whose response is not awaited (acks=0); returns its correlation id. */
  sendNoReply(
    apiKey: number,
    version: number,
    body: (w: Writer) => void,
    firstPiece?: (frameLength: number) => number,
  ): number {
    const correlationId = this.correlation++;
    const w = new Writer();
    w.int32(0).int16(apiKey).int16(version).int32(correlationId).string('raw-test');
    body(w);
    const frame = Buffer.from(w.toBuffer());
    frame.writeInt32BE(frame.length - 4, 0);
    if (firstPiece === undefined) {
      this.socket.write(frame);
    } else {
      const at = firstPiece(frame.length);
      this.socket.write(frame.subarray(0, at));
      setTimeout(() => this.socket.write(frame.subarray(at)), 50);
    }
    return correlationId;
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
