/**
 * Steady kafkajs traffic next to an attack: a producer sends one small message every `intervalMs`, a
 * consumer group member reads them, and the lag is the age of the oldest message sent and not yet
 * consumed, sampled every 50 ms (so a stalled consumer shows up even before it receives anything).
 */
import { Kafka, logLevel, Partitioners } from 'kafkajs';

export interface LiveTraffic {
  /** Largest lag seen since the last `resetLag()`, in ms. */
  maxLagMs(): number;
  resetLag(): void;
  sent(): number;
  received(): number;
  stop(): Promise<void>;
}

export async function startLiveTraffic(
  bootstrap: string,
  topic: string,
  options: { intervalMs?: number; sessionTimeout?: number } = {},
): Promise<LiveTraffic> {
  const kafka = new Kafka({
    brokers: [bootstrap],
    clientId: 'live-traffic',
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 50 },
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({
    groupId: `${topic}-live`,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 500,
    sessionTimeout: options.sessionTimeout ?? 10_000,
  });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const pending = new Map<string, number>();
  let received = 0;
  let sent = 0;
  let maxLag = 0;
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => {
      resolve();
    }),
  );
  await consumer.run({
    eachMessage: ({ message }) => {
      const id = message.value?.toString() ?? '';
      const at = pending.get(id);
      if (at !== undefined) {
        maxLag = Math.max(maxLag, Date.now() - at);
        pending.delete(id);
      }
      received++;
      return Promise.resolve();
    },
  });
  await joined;
  const state = { running: true };
  const sampler = setInterval(() => {
    const now = Date.now();
    for (const at of pending.values()) {
      maxLag = Math.max(maxLag, now - at);
      break; // insertion order: the first is the oldest
    }
  }, 50);
  const loop = (async () => {
    while (state.running) {
      const id = String(sent++);
      pending.set(id, Date.now());
      await producer.send({ topic, messages: [{ value: id }] });
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
    }
  })();
  return {
    maxLagMs: () => maxLag,
    resetLag: () => {
      maxLag = 0;
    },
    sent: () => sent,
    received: () => received,
    stop: async () => {
      state.running = false;
      clearInterval(sampler);
      await loop;
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
    },
  };
}
