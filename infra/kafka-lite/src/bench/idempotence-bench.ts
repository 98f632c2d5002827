/**
 * What idempotent produce costs: kafkajs with `idempotent: true` against the same producer without it
 * (both acks=-1, one request in flight per connection), and the broker alone with bare frames.
 * Runs alternate, so both sides see the same machine load.
 */
import type { Kafka } from 'kafkajs';
import { buildBatch } from '../protocol/build-batch.test-support';
import { median, perSec, spread } from './figures';
import { BATCHED_100B, runScenario, type Scenario } from './kafkajs-scenario';
import type { Broker } from './processes';
import { rawInitProducerId, rawProduceThroughput } from './raw-kafka';

const RUNS = 5;
const RECORDS_PER_BATCH = 1000;
const BATCHES = 200;

export interface IdempotenceFigures {
  /** Throughput lost, as a fraction of the plain producer's (medians). */
  kafkajsCost: number;
  brokerCost: number;
  /** Broker CPU per message added, as a fraction (medians). */
  brokerCpuCost: number;
}

function cost(plain: number[], idempotent: number[]): number {
  return 1 - median(idempotent) / median(plain);
}

export async function idempotenceBench(
  kafka: Kafka,
  broker: Broker,
  print: (line: string) => void,
): Promise<IdempotenceFigures> {
  const scenario: Scenario = { ...BATCHED_100B, label: 'idempotence', total: 100_000 };
  const plain: number[] = [];
  const idempotent: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    plain.push((await runScenario(kafka, broker, { ...scenario, producerMode: 'acks-all' })).msgsPerSec);
    idempotent.push(
      (await runScenario(kafka, broker, { ...scenario, producerMode: 'idempotent' })).msgsPerSec,
    );
  }
  const kafkajsCost = cost(plain, idempotent);
  print(
    `kafkajs 100 B in sends of 1000, acks=-1, 1 request in flight: plain ${spread(plain, perSec)} msgs/s, ` +
      `idempotent ${spread(idempotent, perSec)} msgs/s → idempotence costs ${(kafkajsCost * 100).toFixed(1)}%`,
  );

  // The broker alone: the same pre-built batches with and without producer id and sequence numbers.
  const value = 'x'.repeat(100);
  const values = Array.from({ length: RECORDS_PER_BATCH }, () => value);
  const producerId = await rawInitProducerId(broker.port);
  const plainBatches = Array.from({ length: BATCHES }, () => buildBatch(values, Date.now()));
  const idempotentBatches = Array.from({ length: BATCHES }, (_, i) =>
    buildBatch(values, Date.now(), { producerId, producerEpoch: 0, baseSequence: i * RECORDS_PER_BATCH }),
  );
  const rawPlain: number[] = [];
  const rawIdempotent: number[] = [];
  const cpu: Record<'plain' | 'idempotent', number[]> = { plain: [], idempotent: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const [kind, batches, out] of [
      ['plain', plainBatches, rawPlain],
      ['idempotent', idempotentBatches, rawIdempotent],
    ] as const) {
      const before = await broker.usage();
      const seconds = await rawProduceThroughput(
        broker.port,
        `bench-raw-${kind}-${Date.now()}`,
        batches,
        -1,
        4,
      );
      const after = await broker.usage();
      out.push((BATCHES * RECORDS_PER_BATCH) / seconds);
      cpu[kind].push((after.cpuMicros - before.cpuMicros) / (BATCHES * RECORDS_PER_BATCH));
    }
  }
  const brokerCost = cost(rawPlain, rawIdempotent);
  const brokerCpuCost = median(cpu.idempotent) / median(cpu.plain) - 1;
  const perMessage = (n: number): string => `${n.toFixed(2)} µs`;
  print(
    `bare protocol, the broker alone (1000 × 100 B per batch, acks=-1, 4 in flight): plain ${spread(rawPlain, perSec)} msgs/s ` +
      `(${spread(cpu.plain, perMessage)} broker CPU/msg), idempotent ${spread(rawIdempotent, perSec)} msgs/s ` +
      `(${spread(cpu.idempotent, perMessage)}) → idempotence costs ${(brokerCost * 100).toFixed(1)}% of throughput, ` +
      `${(brokerCpuCost * 100).toFixed(1)}% more broker CPU per message`,
  );
  return { kafkajsCost, brokerCost, brokerCpuCost };
}
