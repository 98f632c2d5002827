import { REDIS_CHANNELS } from '@commlab/contracts';
import { ClientRedis, type RedisOptions } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import { activeTraceId, type LiveFeedFields, type LiveFeedLine } from '@commlab/messaging';
import { LiveFeedSerializer } from './live-feed.serializer';

type RedisClientOptions = Required<RedisOptions>['options'];

export interface LiveFeedOptions {
  /** redis://[user:password@]host:port[/db] or rediss://… */
  url: string;
  /** The `service` field of every line. */
  service: string;
  /** The Pub/Sub channel (default `commlab.live`). */
  channel?: string;
  /** A publish not acknowledged by Redis within this is counted as dropped (default 1 000 ms). */
  publishTimeoutMs?: number;
  /** At most this many publishes in flight; more are dropped rather than queued (default 1 000). */
  maxInFlight?: number;
  /** Pause between reconnect attempts while Redis is down (default 1 000 ms). */
  reconnectDelayMs?: number;
  now?: () => Date;
}

export interface LiveFeedStats {
  published: number;
  /** Lines not delivered to Redis: it was down, slow, or too many were in flight. */
  dropped: number;
  inFlight: number;
}

/** ioredis options from a redis:// URL (NestJS's ClientRedis takes ioredis options, not a URL). */
export function redisClientOptions(url: string): RedisClientOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * The live activity feed on Redis Pub/Sub, through NestJS's Redis transport client (`ClientRedis`, ioredis
 * underneath): `publish(event, fields)` emits one JSON line `{service, event, at, traceId?, …}` to
 * `commlab.live` (`traceId`: the trace of the work that posted it, when tracing is on).
 *
 * Fire-and-forget on purpose — Pub/Sub keeps nothing for a subscriber that is not listening, and the
 * feed must never slow down or break the work it reports on:
 * - `publish` returns at once and never throws;
 * - while Redis is down (or slow) lines are dropped and counted, not queued: ioredis's offline queue is
 *   off, and a publish that takes longer than `publishTimeoutMs` counts as dropped;
 * - the client reconnects in the background; lines flow again once it is back.
 */
export class LiveFeed {
  private readonly client: ClientRedis;
  private readonly channel: string;
  private readonly publishTimeoutMs: number;
  private readonly maxInFlight: number;
  private readonly now: () => Date;
  private readonly counts = { published: 0, dropped: 0, inFlight: 0 };
  private closed = false;

  constructor(private readonly options: LiveFeedOptions) {
    this.channel = options.channel ?? REDIS_CHANNELS.live;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 1_000;
    this.maxInFlight = options.maxInFlight ?? 1_000;
    this.now = options.now ?? (() => new Date());
    this.client = new ClientRedis({
      ...redisClientOptions(options.url),
      serializer: new LiveFeedSerializer(),
      // Reconnect forever in the background; fail a command at once while disconnected (no offline queue).
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: options.reconnectDelayMs ?? 1_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
    });
  }

  /** Publishes one line; returns immediately. A line that cannot be delivered is dropped and counted. */
  publish(event: string, fields: LiveFeedFields = {}): void {
    if (this.closed || this.counts.inFlight >= this.maxInFlight) {
      this.counts.dropped += 1;
      return;
    }
    const traceId = activeTraceId();
    const line: LiveFeedLine = {
      ...fields,
      service: this.options.service,
      event,
      at: this.now().toISOString(),
      // The trace of the work that posted the line: `pnpm trace <traceId>` shows the whole of it.
      ...(traceId === undefined ? {} : { traceId }),
    };
    this.counts.inFlight += 1;
    firstValueFrom(this.client.emit(this.channel, line).pipe(timeout(this.publishTimeoutMs)), {
      defaultValue: undefined,
    }).then(
      () => {
        this.counts.inFlight -= 1;
        this.counts.published += 1;
      },
      () => {
        this.counts.inFlight -= 1;
        this.counts.dropped += 1;
      },
    );
  }

  stats(): LiveFeedStats {
    return { ...this.counts };
  }

  /** Stops publishing (later lines are dropped) and closes the Redis connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let connections: { status: string; disconnect(): void }[] = [];
    try {
      connections = this.client.unwrap<{ status: string; disconnect(): void }[]>();
    } catch {
      connections = [];
    }
    // Both connections ready: QUIT them (lines already sent are flushed). Otherwise — closed during a
    // first connect or a reconnect — cut them BEFORE ClientRedis.close(): QUIT fails without an offline
    // queue, and ClientRedis's 'ready' listener dereferences its sub client, which close() has nulled, so a
    // connection finishing its handshake after close() crashed the process (seen in CI, auth restart test).
    if (connections.some((connection) => connection.status !== 'ready'))
      for (const connection of connections) if (connection.status !== 'end') connection.disconnect();
    await this.client.close().catch(() => undefined);
    for (const connection of connections) if (connection.status !== 'end') connection.disconnect();
  }
}
