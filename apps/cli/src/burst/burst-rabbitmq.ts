import { randomBytes } from 'node:crypto';

import { ORDER_PLACED_V2, sampleMessages } from '@commlab/contracts';
import { enqueueOutboxRows, OUTBOX_MIGRATIONS, OutboxRelay } from '@commlab/messaging';
import { RabbitMqOutboxPublisher, workQueueNames, workQueueTopology } from '@commlab/messaging-rabbitmq';
import { openDatabase } from '@commlab/persistence';
import amqp, { type Channel, type ChannelModel } from 'amqplib';

import type { BurstArgs } from './burst-args';
import { formatProgress, type RabbitBurstResult } from './burst-report';
import { DeliveryTally } from './delivery-tally';

/** Gives up when nothing moves for this long (a broker gone, say): what did not arrive counts as lost. */
const STALL_MS = 30_000;

/**
 * The relay's pace: batches of 50, and when the broker refuses rows, a backoff from 20 ms doubling up to
 * 250 ms (jitter 50 %), for each row and for the relay — short enough to follow a consumer that frees a
 * few places every millisecond.
 */
const RELAY_SETTINGS = {
  batchSize: 50,
  pollIntervalMs: 20,
  backoff: { baseDelayMs: 20, maxDelayMs: 250, jitter: 0.5 },
} as const;

function orderIds(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => `burst-${tag}-${String(i).padStart(6, '0')}`);
}

/** A consumer slower than the producer: one message at a time, `workMs` each, at most `prefetch` held. */
async function slowConsumer(
  connection: ChannelModel,
  queue: string,
  args: BurstArgs,
  tally: DeliveryTally,
): Promise<Channel> {
  const channel = await connection.createChannel();
  await channel.prefetch(args.prefetch);
  let done = Promise.resolve();
  await channel.consume(queue, (message) => {
    if (message === null) return;
    done = done.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, args.workMs));
      tally.record(String(message.properties.messageId));
      channel.ack(message);
    });
  });
  return channel;
}

/**
 * The RabbitMQ side of `pnpm burst`: N rows in an in-memory outbox, published by the outbox relay to a
 * queue of its own bounded to `maxLength` (reject-publish), consumed slowly. Everything it declares is
 * deleted at the end.
 */
export async function runRabbitMqBurst(
  url: string,
  databaseUrl: string | undefined,
  args: BurstArgs,
  out: (line: string) => void,
  signal: AbortSignal,
): Promise<RabbitBurstResult> {
  const tag = randomBytes(3).toString('hex');
  const names = workQueueNames(`commlab.burst.${tag}`);
  const topologyNames = {
    events: `commlab.burst.${tag}.events`,
    deadLetterExchange: `commlab.burst.${tag}.dlx`,
  };
  // The outbox: a schema of its own on DATABASE_URL's PostgreSQL (dropped at the end), or PGlite in memory.
  const schema = `commlab_burst_${tag}`;
  const where = databaseUrl === undefined ? 'in memory (PGlite)' : `in PostgreSQL schema ${schema}`;
  out(`  rabbitmq: queue ${names.queue} (x-max-length ${String(args.maxLength)}), the outbox ${where}…`);
  const connection = await amqp.connect(url);
  connection.on('error', () => undefined);
  const db = await openDatabase({
    service: 'burst',
    migrations: OUTBOX_MIGRATIONS,
    ...(databaseUrl === undefined ? {} : { url: databaseUrl, schema }),
  });
  const topology = workQueueTopology(names.queue, topologyNames, { maxLength: args.maxLength });
  const publisher = new RabbitMqOutboxPublisher({ url, topology });
  const relay = new OutboxRelay({ db, publisher, ...RELAY_SETTINGS });
  const ids = orderIds(args.orders, tag);
  const tally = new DeliveryTally(ids);
  const inspector = await connection.createChannel();
  let consumer: Channel | undefined;
  try {
    await topology(inspector);
    await db.transaction((tx) =>
      enqueueOutboxRows(
        tx,
        ids.map((id) => ({
          message: { ...sampleMessages()[ORDER_PLACED_V2], id, subject: id },
          destination: { transport: 'rabbitmq-queue', queue: names.queue },
        })),
      ),
    );
    const started = performance.now();
    relay.start();
    consumer = await slowConsumer(connection, names.queue, args, tally);
    let deepest = 0;
    let lastProgress = started;
    let moved = { at: started, delivered: -1, sent: -1 };
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const depth = (await inspector.checkQueue(names.queue)).messageCount;
      deepest = Math.max(deepest, depth);
      const stats = await relay.stats();
      const pressure = relay.backpressure;
      const now = performance.now();
      if (stats.sent !== moved.sent || tally.delivered !== moved.delivered)
        moved = { at: now, delivered: tally.delivered, sent: stats.sent };
      const finished = stats.pending === 0 && tally.delivered === args.orders;
      if (finished || signal.aborted || now - moved.at > STALL_MS) break;
      if (now - lastProgress >= 1_000) {
        lastProgress = now;
        out(
          formatProgress('rabbitmq', now - started, {
            published: `${String(stats.sent)}/${String(args.orders)}`,
            queue: `${String(depth)}/${String(args.maxLength)}`,
            nacked: pressure.refusedRows,
            backoffs: pressure.backoffs,
            delivered: tally.delivered,
          }),
        );
      }
    }
    const elapsedMs = performance.now() - started;
    await relay.stop();
    // Anything still on its way arrives now, or never: then it counts as lost.
    const settleUntil = performance.now() + 500;
    while (performance.now() < settleUntil) await new Promise((resolve) => setTimeout(resolve, 50));
    const pressure = relay.backpressure;
    return {
      sent: args.orders,
      published: (await relay.stats()).sent,
      nacked: pressure.refusedRows,
      backoffs: pressure.backoffs,
      slowedMs: pressure.backoffMs,
      deepestQueue: deepest,
      maxLength: args.maxLength,
      delivered: tally.delivered,
      duplicates: tally.duplicates,
      lost: tally.lost,
      elapsedMs,
    };
  } finally {
    await relay.stop();
    await consumer?.close().catch(() => undefined);
    await publisher.close();
    for (const queue of [names.queue, names.retry, names.deadLetter])
      await inspector.deleteQueue(queue).catch(() => undefined);
    await inspector.deleteExchange(topologyNames.deadLetterExchange).catch(() => undefined);
    await connection.close().catch(() => undefined);
    if (databaseUrl !== undefined)
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}
