/** Smallest valid request: size-less header of api_key, api_version, correlation_id, client_id length. */
export const MIN_FRAME = 10;

export type Decoded =
  | { kind: 'frame'; frame: Buffer; reserved: number }
  | { kind: 'more' }
  /** The next frame is large: reserve `size` bytes, then call `beginLarge()`. */
  | { kind: 'reserve'; size: number }
  | { kind: 'bad-size'; size: number };

/**
 * Splits a connection's byte stream into size-prefixed frames. Frames up to `smallFrameBytes` are cut
 * from the received chunks; a larger frame is copied into one buffer of its declared size, allocated
 * only after the caller reserved that size, so it is one allocation the allocator can hand back to
 * the OS as a whole once it is dropped.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private large: { frame: Buffer; filled: number } | undefined;

  constructor(
    private readonly maxFrameBytes: number,
    private readonly smallFrameBytes: number,
  ) {}

  /** Bytes received and not yet returned as a frame. */
  get heldBytes(): number {
    return this.chunkBytes + (this.large?.filled ?? 0);
  }

  /** A large frame has been started and is still incomplete. */
  get inLargeFrame(): boolean {
    return this.large !== undefined;
  }

  push(data: Buffer): void {
    let rest = data;
    if (this.large) {
      const { frame, filled } = this.large;
      const n = Math.min(frame.length - filled, rest.length);
      rest.copy(frame, filled, 0, n);
      this.large.filled += n;
      rest = rest.subarray(n);
    }
    if (rest.length > 0) {
      this.chunks.push(rest);
      this.chunkBytes += rest.length;
    }
  }

  next(): Decoded {
    if (this.large) {
      const { frame, filled } = this.large;
      if (filled < frame.length) return { kind: 'more' };
      this.large = undefined;
      return { kind: 'frame', frame, reserved: frame.length };
    }
    if (this.chunkBytes < 4) return { kind: 'more' };
    const size = this.peekSize();
    if (size < MIN_FRAME || size > this.maxFrameBytes) return { kind: 'bad-size', size };
    if (size > this.smallFrameBytes) return { kind: 'reserve', size };
    if (this.chunkBytes < size + 4) return { kind: 'more' };
    const all = this.take(size + 4);
    return { kind: 'frame', frame: all.subarray(4), reserved: 0 };
  }

  /** Starts the large frame announced by `next()` (its size has been reserved). */
  beginLarge(): void {
    const size = this.peekSize();
    this.take(4);
    const frame = Buffer.allocUnsafeSlow(size);
    this.large = { frame, filled: 0 };
    const held = this.chunks;
    this.chunks = [];
    this.chunkBytes = 0;
    for (const c of held) this.push(c);
  }

  /** Forgets everything held (the connection closed). */
  clear(): void {
    this.chunks = [];
    this.chunkBytes = 0;
    this.large = undefined;
  }

  private peekSize(): number {
    let head = this.chunks[0] ?? Buffer.alloc(0);
    if (head.length < 4) {
      head = Buffer.concat(this.chunks);
      this.chunks = [head];
    }
    return head.readInt32BE(0);
  }

  /** Removes and returns the first `n` held bytes (n <= chunkBytes). */
  private take(n: number): Buffer {
    let head = this.chunks[0] ?? Buffer.alloc(0);
    if (head.length < n) {
      head = Buffer.concat(this.chunks);
      this.chunks = [head];
    }
    const out = head.subarray(0, n);
    const rest = head.subarray(n);
    if (rest.length > 0) this.chunks[0] = rest;
    else this.chunks.shift();
    this.chunkBytes -= n;
    return out;
  }
}
