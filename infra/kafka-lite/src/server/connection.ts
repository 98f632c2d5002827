import type { Socket } from 'node:net';
import { apiName } from '../protocol/api-keys';
import { ProtocolError } from '../protocol/errors';
import { readRequestHeader, type RequestHeader } from '../protocol/header';
import { Reader } from '../protocol/reader';
import { FrameDecoder } from './frame-decoder';
import type { Logger } from './logger';
import type { MemoryBudget } from './memory-budget';
import type { RequestHandler } from './request-handler';
import type { StatsCounter } from './stats';

export interface ConnectionOptions {
  maxFrameBytes: number;
  /**
   * Bytes of requests a connection reads ahead of the one being answered, and the largest frame read
   * without a reservation from the shared budget.
   */
  connectionBufferBytes: number;
  advertisedPort: number;
  budget: MemoryBudget;
}

/**
 * One client connection: splits the byte stream into size-prefixed frames and answers them strictly
 * one at a time, in order. Flow control like Kafka's: nothing more is read or answered while a reply
 * is waiting for the client to read it (`write()` returned false until 'drain'); at most
 * `connectionBufferBytes` of requests are read ahead; a larger frame first reserves its size from the
 * shared budget. Any protocol error closes this connection only.
 */
export class Connection {
  private readonly decoder: FrameDecoder;
  private readonly queue: { frame: Buffer; reserved: number }[] = [];
  private queuedBytes = 0;
  private busy = false;
  private closed = false;
  /** A reply is waiting in the socket's buffer for the client to read it. */
  private writeBlocked = false;
  /** Waiting for the shared budget to grant a large frame's reservation. */
  private awaitingReservation: (() => void) | undefined;
  /** Reserved bytes held by frames queued or being processed. */
  private reservedBytes = 0;
  private reading = true;
  private readonly closeHooks = new Set<() => void>();
  /** Last time bytes moved in either direction or a request finished (Date.now()). */
  lastActivity = Date.now();
  private lastWritable = 0;
  readonly remote: string;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RequestHandler,
    private readonly options: ConnectionOptions,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.decoder = new FrameDecoder(options.maxFrameBytes, options.connectionBufferBytes);
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      this.onData(data);
    });
    socket.on('drain', () => {
      this.onDrain();
    });
    socket.on('error', (err) => {
      this.logger.debug(`connection ${this.remote}: ${err.message}`);
    });
    socket.on('close', () => {
      this.onClosed();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** True while a request is being answered (a parked Fetch or JoinGroup counts). */
  get isBusy(): boolean {
    return this.busy;
  }

  /** Bytes this connection holds: unread requests plus replies the client has not read yet. */
  get bufferedBytes(): number {
    return this.decoder.heldBytes + this.queuedBytes + this.socket.writableLength;
  }

  /** Closes the connection (broker shutdown, idle timeout or protocol error). */
  destroy(reason?: string): void {
    if (reason !== undefined) {
      this.stats.closedForErrors++;
      this.logger.warn(`closing connection ${this.remote}: ${reason}`);
    }
    this.socket.destroy();
    this.onClosed();
  }

  /**
   * Called periodically by the idle reaper: a reply the client is slowly reading counts as activity.
   * Returns the milliseconds since the last activity, or 0 while a request is being answered.
   */
  idleFor(now: number): number {
    const writable = this.socket.writableLength;
    if (writable !== this.lastWritable) {
      this.lastWritable = writable;
      this.lastActivity = now;
      this.options.budget.setReplyBytes(this, writable);
    }
    return this.busy ? 0 : now - this.lastActivity;
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.stats.openConnections--;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.decoder.clear();
    const { budget } = this.options;
    if (this.awaitingReservation) budget.cancel(this.awaitingReservation);
    this.awaitingReservation = undefined;
    if (this.reservedBytes > 0) budget.release(this.reservedBytes);
    this.reservedBytes = 0;
    budget.setReplyBytes(this, 0);
    for (const fn of [...this.closeHooks]) fn();
    this.closeHooks.clear();
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    this.lastActivity = Date.now();
    this.stats.bytesIn += data.length;
    this.decoder.push(data);
    this.decodeFrames();
  }

  private decodeFrames(): void {
    for (;;) {
      const next = this.decoder.next();
      if (next.kind === 'more') break;
      if (next.kind === 'bad-size') {
        const { size } = next;
        const code = size > this.options.maxFrameBytes ? 'FRAME_TOO_LARGE' : 'MALFORMED_FRAME';
        this.destroy(`${code}: frame size ${size} (limit ${this.options.maxFrameBytes})`);
        return;
      }
      if (next.kind === 'reserve') {
        const grant = (): void => {
          this.awaitingReservation = undefined;
          this.reservedBytes += next.size;
          this.decoder.beginLarge();
          this.decodeFrames();
        };
        if (!this.options.budget.reserve(next.size, grant)) {
          this.awaitingReservation = grant;
          break;
        }
        this.reservedBytes += next.size;
        this.decoder.beginLarge();
        continue;
      }
      this.queue.push({ frame: next.frame, reserved: next.reserved });
      this.queuedBytes += next.frame.length;
    }
    this.updateReading();
    void this.pump();
  }

  /** Reads from the socket only while this connection may take more bytes. */
  private updateReading(): void {
    if (this.closed) return;
    // With nothing queued, the bytes held are one incomplete frame (at most connectionBufferBytes or
    // reserved), which must be read to the end.
    const mayRead =
      !this.writeBlocked &&
      this.awaitingReservation === undefined &&
      (this.queue.length === 0 ||
        this.decoder.inLargeFrame ||
        this.decoder.heldBytes + this.queuedBytes < this.options.connectionBufferBytes);
    if (mayRead === this.reading) return;
    this.reading = mayRead;
    if (mayRead) this.socket.resume();
    else this.socket.pause();
  }

  private onDrain(): void {
    this.lastActivity = Date.now();
    this.lastWritable = 0;
    this.options.budget.setReplyBytes(this, 0);
    if (!this.writeBlocked) return;
    this.writeBlocked = false;
    this.updateReading();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed && !this.writeBlocked) {
        const next = this.queue.shift();
        if (next === undefined) break;
        this.queuedBytes -= next.frame.length;
        this.updateReading();
        await this.process(next.frame);
        if (next.reserved > 0 && !this.isClosed) {
          this.reservedBytes -= next.reserved;
          this.options.budget.release(next.reserved);
        }
        this.lastActivity = Date.now();
      }
    } finally {
      this.busy = false;
    }
    this.updateReading();
  }

  private send(correlationId: number, body: Buffer[]): void {
    let length = 4;
    for (const part of body) length += part.length;
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE(length, 0);
    head.writeInt32BE(correlationId, 4);
    this.stats.bytesOut += length + 4;
    const socket = this.socket;
    let ok: boolean;
    if (body.length === 1) {
      ok = socket.write(Buffer.concat([head, body[0] ?? Buffer.alloc(0)]));
    } else {
      socket.cork();
      socket.write(head);
      for (const part of body) socket.write(part);
      socket.uncork();
      ok = socket.writableLength < socket.writableHighWaterMark;
    }
    if (!ok) {
      this.writeBlocked = true;
      this.lastWritable = socket.writableLength;
      this.options.budget.setReplyBytes(this, this.lastWritable);
    }
  }

  private async process(frame: Buffer): Promise<void> {
    let header: RequestHeader | undefined;
    try {
      const r = new Reader(frame);
      header = readRequestHeader(r);
      const started = Date.now();
      const body = await this.handler.handle(
        {
          header,
          clientHost: this.socket.remoteAddress ?? '',
          advertisedHost: this.socket.localAddress ?? '127.0.0.1',
          advertisedPort: this.options.advertisedPort,
          replyBudget: () => this.options.budget.available,
          onClose: (fn) => {
            this.closeHooks.add(fn);
            return () => this.closeHooks.delete(fn);
          },
        },
        r,
      );
      if (this.logger.debugEnabled) {
        const name = apiName(header.apiKey) ?? String(header.apiKey);
        const size = body?.reduce((n, b) => n + b.length, 0);
        this.logger.debug(
          `${this.remote} ${header.clientId ?? '-'} ${name} v${header.apiVersion} #${header.correlationId} ` +
            `${Date.now() - started} ms ${size === undefined ? 'no response' : `${size} bytes`}`,
        );
      }
      if (body === null || this.closed) return;
      this.send(header.correlationId, body);
    } catch (err) {
      const what = header ? `${apiName(header.apiKey) ?? header.apiKey} v${header.apiVersion}` : 'request';
      if (err instanceof ProtocolError) this.destroy(`${err.code} in ${what}: ${err.message}`);
      else {
        this.logger.error(
          `internal error in ${what} from ${this.remote}: ${String((err as Error).stack ?? err)}`,
        );
        this.destroy(`internal error in ${what}`);
      }
    }
  }
}
