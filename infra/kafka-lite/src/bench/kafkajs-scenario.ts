/** One kafkajs scenario: a producer process → kafka-lite (child) → a consumer-group process. */
import * as hdr from 'hdr-histogram-js';
import type { Kafka } from 'kafkajs';
import type { BrokerUsage } from './broker-process';
import type { ClientJob } from './client-process';
import { forkClient, type Broker } from './processes';

export interface Scenario {
  label: string;
  size: number;
  total: number;
  batch: number;
  inFlight: number;
  gapMs: number;
  maxWaitTimeInMs: number;
  partitions: number;
  producerMode?: ClientJob['producerMode'];
}

/** 100-byte messages in sends of 1000, 4 sends in flight, 3 partitions: the throughput goal's case. */
export const BATCHED_100B: Scenario = {
  label: '100 B, batches of 1000',
  size: 100,
  total: 300_000,
  batch: 1000,
  inFlight: 4,
  gapMs: 0,
  maxWaitTimeInMs: 100,
  partitions: 3,
};

export interface ScenarioResult {
  msgsPerSec: number;
  latency: hdr.Histogram;
  brokerCpuMicros: number;
  clientCpuMicros: number;
  usage: BrokerUsage;
}

export async function runScenario(kafka: Kafka, broker: Broker, sc: Scenario): Promise<ScenarioResult> {
  const topic = `bench-${sc.size}-${sc.batch}-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: sc.partitions }] });
  await admin.disconnect();
  const common = { brokers: [`127.0.0.1:${broker.port}`], topic, ...sc };
  const consumer = forkClient({ ...common, role: 'consumer' });
  await consumer.next();
  const producer = forkClient({ ...common, role: 'producer' });
  await producer.next();
  const before = await broker.usage();
  producer.child.send('go');
  const [p, c] = await Promise.all([producer.next(), consumer.next()]);
  const usage = await broker.usage();
  if (p.type !== 'done' || c.type !== 'done' || c.latency === undefined)
    throw new Error('bench client failed');
  const seconds = Number(BigInt(c.endNs) - BigInt(p.startNs)) / 1e9;
  return {
    msgsPerSec: sc.total / seconds,
    latency: hdr.decodeFromCompressedBase64(c.latency),
    brokerCpuMicros: usage.cpuMicros - before.cpuMicros,
    clientCpuMicros: p.cpuMicros + c.cpuMicros,
    usage,
  };
}
