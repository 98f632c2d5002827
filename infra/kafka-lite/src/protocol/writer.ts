/** Parts at least this large are referenced by `bytesList` instead of copied. */
const REFERENCE_BYTES = 1024;

/**
 * Growable big-endian writer for the classic Kafka encodings. Large record batches passed to
 * `bytesList` are kept as references, so a Fetch response is sent without copying stored batches:
 * `toBuffers()` returns the pieces in order.
 */
export class Writer {
  private buf: Buffer;
  private pos = 0;
  /** Start of the bytes in `buf` not yet moved to `segments`. */
  private segmentStart = 0;
  private readonly segments: Buffer[] = [];
  private segmentBytes = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.segmentBytes + this.pos - this.segmentStart;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.segmentStart;
    let size = Math.max(this.buf.length * 2, 64);
    while (size < used + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, this.segmentStart, this.pos);
    this.buf = next;
    this.segmentStart = 0;
    this.pos = used;
  }

  int8(v: number): this {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64BE(BigInt(v), this.pos);
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const len = Buffer.byteLength(v);
    this.int16(len);
    this.ensure(len);
    this.pos += this.buf.write(v, this.pos, 'utf8');
    return this;
  }

  /** int32 length then the bytes; null writes -1. */
  bytes(v: Buffer | null): this {
    if (v === null) return this.int32(-1);
    this.int32(v.length);
    return this.raw(v);
  }

  /**
   * Several buffers as one length-prefixed BYTES/RECORDS field without concatenating them; large
   * parts are referenced, so they must not change until the output has been sent.
   */
  bytesList(parts: readonly Buffer[]): this {
    let len = 0;
    for (const p of parts) len += p.length;
    this.int32(len);
    for (const p of parts) {
      if (p.length < REFERENCE_BYTES) this.raw(p);
      else this.reference(p);
    }
    return this;
  }

  raw(v: Buffer): this {
    this.ensure(v.length);
    v.copy(this.buf, this.pos);
    this.pos += v.length;
    return this;
  }

  private reference(v: Buffer): void {
    if (this.pos > this.segmentStart) {
      const head = this.buf.subarray(this.segmentStart, this.pos);
      this.segments.push(head);
      this.segmentBytes += head.length;
      this.segmentStart = this.pos;
    }
    this.segments.push(v);
    this.segmentBytes += v.length;
  }

  array<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  /** The written bytes as pieces to send in order (views; do not keep writing afterwards). */
  toBuffers(): Buffer[] {
    const tail = this.buf.subarray(this.segmentStart, this.pos);
    return tail.length > 0 || this.segments.length === 0 ? [...this.segments, tail] : [...this.segments];
  }

  /** The written bytes as one buffer (a view unless large parts were referenced). */
  toBuffer(): Buffer {
    const parts = this.toBuffers();
    return parts.length === 1 ? (parts[0] ?? Buffer.alloc(0)) : Buffer.concat(parts);
  }
}
