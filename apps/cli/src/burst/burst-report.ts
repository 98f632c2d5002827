/** What the RabbitMQ side measured. */
export interface RabbitBurstResult {
  sent: number;
  /** Outbox rows marked SENT (the broker confirmed them). */
  published: number;
  /** Publishes the broker nacked (the queue was full) — each retried later. */
  nacked: number;
  backoffs: number;
  /** Time the relay spent waiting in backoffs: how long the producer was slowed. */
  slowedMs: number;
  /** The most messages seen in the queue (sampled). */
  deepestQueue: number;
  maxLength: number;
  delivered: number;
  duplicates: number;
  lost: number;
  elapsedMs: number;
}

/** What the Redis side measured. */
export interface RedisBurstResult {
  sent: number;
  /** Time to PUBLISH all of them: the publisher is never slowed. */
  publishMs: number;
  /** Times Redis dropped the subscriber's connection (output buffer limit exceeded). */
  disconnects: number;
  bufferLimitKb: number;
  delivered: number;
  duplicates: number;
  lost: number;
  elapsedMs: number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatRabbitResult(r: RabbitBurstResult): string[] {
  return [
    `RabbitMQ (queue bounded to ${String(r.maxLength)}, x-overflow reject-publish; outbox relay with publisher confirms)`,
    `  sent ${String(r.sent)}  published ${String(r.published)}  nacked ${String(r.nacked)} (retried)  ` +
      `backoffs ${String(r.backoffs)}  producer slowed ${seconds(r.slowedMs)}  deepest queue ${String(r.deepestQueue)}`,
    `  delivered ${String(r.delivered)}  duplicates ${String(r.duplicates)}  lost ${String(r.lost)}  in ${seconds(r.elapsedMs)}`,
  ];
}

export function formatRedisResult(r: RedisBurstResult): string[] {
  return [
    `Redis Pub/Sub (fire-and-forget; subscriber output buffer limit ${String(r.bufferLimitKb)} KB)`,
    `  sent ${String(r.sent)}  published in ${seconds(r.publishMs)} (never slowed)  ` +
      `subscriber disconnected by Redis ${String(r.disconnects)}×`,
    `  delivered ${String(r.delivered)}  duplicates ${String(r.duplicates)}  lost ${String(r.lost)}  in ${seconds(r.elapsedMs)}`,
  ];
}

/** One progress line while a side runs. */
export function formatProgress(
  side: string,
  elapsedMs: number,
  fields: Record<string, number | string>,
): string {
  const parts = Object.entries(fields).map(([name, value]) => `${name} ${String(value)}`);
  return `  ${side} ${seconds(elapsedMs).padStart(7)}  ${parts.join('  ')}`;
}
