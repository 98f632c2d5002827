import type { Socket } from 'node:net';
import { apiName } from '../protocol/api-keys';
import { ProtocolError } from '../protocol/errors';
import { readRequestHeader, type RequestHeader } from '../protocol/header';
import { Reader } from '../protocol/reader';
import type { Logger } from './logger';
import type { RequestHandler } from './request-handler';
import type { StatsCounter } from './stats';

/** Smallest valid request: size-less header of api_key, api_version, correlation_id, client_id length. */
const MIN_FRAME = 10;
/** Stop reading from a client that pipelines more than this many unanswered requests. */
const MAX_QUEUED = 64;

export interface ConnectionOptions {
  maxFrameBytes: number;
  advertisedPort: number;
}

/**
 * One client connection: splits the byte stream into size-prefixed frames and answers them strictly
 * one at a time, in order. Any protocol error closes this connection only.
 */
export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private readonly closeHooks = new Set<() => void>();
  readonly remote: string;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RequestHandler,
    private readonly options: ConnectionOptions,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      this.onData(data);
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

  /** Closes the connection (broker shutdown or protocol error). */
  destroy(reason?: string): void {
    if (reason !== undefined) {
      this.stats.closedForErrors++;
      this.logger.warn(`closing connection ${this.remote}: ${reason}`);
    }
    this.socket.destroy();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.stats.openConnections--;
    this.queue.length = 0;
    this.chunks = [];
    for (const fn of [...this.closeHooks]) fn();
    this.closeHooks.clear();
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    this.stats.bytesIn += data.length;
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (this.buffered < 4) break;
      let head = this.chunks[0] ?? Buffer.alloc(0);
      if (head.length < 4) {
        head = Buffer.concat(this.chunks);
        this.chunks = [head];
      }
      const size = head.readInt32BE(0);
      if (size < MIN_FRAME || size > this.options.maxFrameBytes) {
        const code = size > this.options.maxFrameBytes ? 'FRAME_TOO_LARGE' : 'MALFORMED_FRAME';
        this.destroy(`${code}: frame size ${size} (limit ${this.options.maxFrameBytes})`);
        return;
      }
      if (this.buffered < size + 4) break;
      const all = this.chunks.length === 1 ? head : Buffer.concat(this.chunks);
      this.queue.push(all.subarray(4, size + 4));
      const rest = all.subarray(size + 4);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    if (this.queue.length > MAX_QUEUED) this.socket.pause();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        const frame = this.queue.shift();
        if (frame === undefined || this.closed) break;
        await this.process(frame);
        if (this.queue.length <= MAX_QUEUED / 2 && !this.isClosed) this.socket.resume();
      }
    } finally {
      this.busy = false;
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
          onClose: (fn) => {
            this.closeHooks.add(fn);
            return () => this.closeHooks.delete(fn);
          },
        },
        r,
      );
      if (this.logger.debugEnabled) {
        const name = apiName(header.apiKey) ?? String(header.apiKey);
        this.logger.debug(
          `${this.remote} ${header.clientId ?? '-'} ${name} v${header.apiVersion} #${header.correlationId} ` +
            `${Date.now() - started} ms ${body === null ? 'no response' : `${body.length} bytes`}`,
        );
      }
      if (body === null || this.closed) return;
      const out = Buffer.allocUnsafe(8);
      out.writeInt32BE(body.length + 4, 0);
      out.writeInt32BE(header.correlationId, 4);
      this.stats.bytesOut += body.length + 8;
      this.socket.write(Buffer.concat([out, body]));
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
