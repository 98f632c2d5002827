/**
 * A benchmark client (producer or consumer) in its own process, driven over IPC by main.ts.
 * Timestamps are process.hrtime (CLOCK_MONOTONIC), which every process on the machine shares.
 */
import * as hdr from 'hdr-histogram-js';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

export interface ClientJob {
  role: 'producer' | 'consumer';
  brokers: string[];
  topic: string;
  total: number;
  size: number;
  /** Messages per send; 1 = one at a time with `gapMs` between sends. */
  batch: number;
  inFlight: number;
  gapMs: number;
  maxWaitTimeInMs: number;
  /**
   * 'acks-1' (default): acks=1; 'acks-all': acks=-1, one request in flight per connection;
   * 'idempotent': the same with `idempotent: true` (InitProducerId, sequence numbers).
   */
  producerMode?: 'acks-1' | 'acks-all' | 'idempotent';
}

export type ClientReport =
  | { type: 'ready' }
  | {
      type: 'done';
      role: 'producer' | 'consumer';
      startNs: string;
      endNs: string;
      cpuMicros: number;
      latency?: string;
    };

const nowNs = (): bigint => process.hrtime.bigint();
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const report = (r: ClientReport): void => {
  process.send?.(r);
};

async function runProducer(kafka: Kafka, job: ClientJob): Promise<void> {
  const mode = job.producerMode ?? 'acks-1';
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    ...(mode === 'acks-1' ? {} : { maxInFlightRequests: 1, idempotent: mode === 'idempotent' }),
  });
  const acks = mode === 'acks-1' ? 1 : -1;
  await producer.connect();
  report({ type: 'ready' });
  await new Promise<void>((resolve) =>
    process.once('message', () => {
      resolve();
    }),
  );
  const value = Buffer.alloc(job.size, 'x');
  const cpuBefore = cpu();
  const startNs = nowNs();
  let sent = 0;
  const senders = Array.from({ length: job.inFlight }, async () => {
    while (sent < job.total) {
      const n = Math.min(job.batch, job.total - sent);
      sent += n;
      const t = nowNs().toString();
      await producer.send({
        topic: job.topic,
        acks,
        // Only the first message of a send carries its timestamp; it stands for the whole send.
        messages: Array.from({ length: n }, (_, i) =>
          i === 0 ? { value, headers: { t, n: String(n) } } : { value },
        ),
      });
      if (job.gapMs > 0) await new Promise((r) => setTimeout(r, job.gapMs));
    }
  });
  await Promise.all(senders);
  const endNs = nowNs();
  const cpuMicros = cpu() - cpuBefore;
  await producer.disconnect();
  report({ type: 'done', role: 'producer', startNs: startNs.toString(), endNs: endNs.toString(), cpuMicros });
}

async function runConsumer(kafka: Kafka, job: ClientJob): Promise<void> {
  const consumer = kafka.consumer({
    groupId: `${job.topic}-group`,
    maxWaitTimeInMs: job.maxWaitTimeInMs,
    heartbeatInterval: 1000,
  });
  const latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000 });
  let received = 0;
  let cpuBefore = 0;
  let startNs = 0n;
  let finished = false;
  await consumer.connect();
  await consumer.subscribe({ topic: job.topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => {
      resolve();
    }),
  );
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: ({ batch }) => {
        const now = nowNs();
        if (received === 0) {
          startNs = now;
        }
        for (const m of batch.messages) {
          const t = m.headers?.t?.toString();
          const n = Number(m.headers?.n?.toString() ?? '1');
          if (t !== undefined)
            latency.recordValueWithCount(Math.max(1, Number((now - BigInt(t)) / 1000n)), n);
        }
        received += batch.messages.length;
        if (received >= job.total && !finished) {
          finished = true;
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await joined;
  await new Promise((r) => setTimeout(r, 300));
  cpuBefore = cpu();
  report({ type: 'ready' });
  await done;
  const endNs = nowNs();
  const cpuMicros = cpu() - cpuBefore;
  report({
    type: 'done',
    role: 'consumer',
    startNs: startNs.toString(),
    endNs: endNs.toString(),
    cpuMicros,
    latency: hdr.encodeIntoCompressedBase64(latency),
  });
  await consumer.disconnect();
}

process.once('message', (job: ClientJob) => {
  const kafka = new Kafka({
    brokers: job.brokers,
    clientId: `bench-${job.role}`,
    logLevel: logLevel.NOTHING,
  });
  const run = job.role === 'producer' ? runProducer(kafka, job) : runConsumer(kafka, job);
  run.then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench ${job.role}: ${String(err)}\n`);
      process.exit(1);
    },
  );
});
