import { deadLetterTopic, KAFKA_TOPICS, toKafkaRecord } from '@commlab/contracts';
import { KAFKA_DLT_HEADERS } from '@commlab/messaging-kafka';
import { waitFor } from '@commlab/testing';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';

import { orderPlaced, ReportingHarness } from './support/reporting-harness';

/** Reads every record of `topic` from offset 0 until `count` arrived. */
async function readTopic(bootstrap: string, topic: string, count: number): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ clientId: 'dlt-reader', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `dlt-reader-${String(Date.now())}`, maxWaitTimeInMs: 50 });
  const records: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        records.push(message);
        return Promise.resolve();
      },
    });
    await waitFor(() => records.length >= count, {
      timeoutMs: 15_000,
      description: `${String(count)} records on ${topic}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(value);
}

describe('reporting-service poison events', () => {
  let harness: ReportingHarness;

  beforeAll(async () => {
    harness = await ReportingHarness.start('pglite');
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('dead-letters malformed JSON, a wrong schema and an event its handler cannot apply; the next good event flows', async () => {
    const good = orderPlaced('mug-red', 1, 1250);
    const wrongSchema = toKafkaRecord(orderPlaced('mug-red', 1, 1250));
    // A value the schema refuses (a field it does not know would just be ignored: a tolerant reader).
    const tampered = { ...JSON.parse(wrongSchema.value.toString()), currency: 'dollars' } as Record<
      string,
      unknown
    >;
    // Valid by schema, but its revenue overflows a bigint column: the projection update can never succeed.
    // (10,000 × 10^15 cents = 10^19 > 2^63; the envelope's own total stays in range, as the schema demands.)
    const overflowing = orderPlaced('mug-red', 10_000, 1e15);
    overflowing.data.totalCents = 1;

    // One key, so all four land on one partition, in this order, behind each other.
    const key = 'poison-test';
    await harness.publishRaw(KAFKA_TOPICS.orders, {
      key,
      value: '{"orderId": ',
      headers: { ce_type: 'commlab.order.placed.v1' },
    });
    await harness.publishRaw(KAFKA_TOPICS.orders, {
      key,
      value: JSON.stringify(tampered),
      headers: wrongSchema.headers,
    });
    const overflowRecord = toKafkaRecord(overflowing);
    await harness.publishRaw(KAFKA_TOPICS.orders, {
      key,
      value: overflowRecord.value.toString(),
      headers: overflowRecord.headers,
    });
    const goodRecord = toKafkaRecord(good);
    await harness.publishRaw(KAFKA_TOPICS.orders, {
      key,
      value: goodRecord.value.toString(),
      headers: goodRecord.headers,
    });

    const report = await harness.waitForEventsApplied(1);
    expect(report.orders.placed).toBe(1);
    expect(report.bySku).toEqual([
      { sku: 'mug-red', currency: 'USD', orders: 1, units: 1, revenueCents: 1250 },
    ]);

    const dead = await readTopic(harness.kafka.bootstrap, deadLetterTopic(KAFKA_TOPICS.orders), 3);
    expect(dead).toHaveLength(3);
    const [malformed, invalid, failing] = dead;
    if (malformed === undefined || invalid === undefined || failing === undefined)
      throw new Error('missing dead letters');

    expect(malformed.value?.toString()).toBe('{"orderId": ');
    expect(header(malformed, KAFKA_DLT_HEADERS.errorCode)).toBe('MESSAGE_NOT_JSON');
    expect(header(malformed, KAFKA_DLT_HEADERS.attempts)).toBe('1');
    expect(header(malformed, KAFKA_DLT_HEADERS.originalTopic)).toBe(KAFKA_TOPICS.orders);
    expect(header(malformed, KAFKA_DLT_HEADERS.consumerGroup)).toBe('reporting');
    expect(malformed.key?.toString()).toBe(key);

    expect(header(invalid, KAFKA_DLT_HEADERS.errorCode)).toBe('MESSAGE_INVALID_DATA');
    expect(header(invalid, KAFKA_DLT_HEADERS.errorMessage)).toContain('data.currency');
    expect(header(invalid, 'ce_id')).toBe(wrongSchema.headers.ce_id);

    // The store refuses the update (bigint out of range) on every attempt: retried, then dead-lettered.
    expect(header(failing, KAFKA_DLT_HEADERS.attempts)).toBe('3');
    expect(header(failing, KAFKA_DLT_HEADERS.reason)).toMatch(/^failed 3 attempts, last: /);
    expect(header(failing, KAFKA_DLT_HEADERS.errorMessage)).toMatch(/out of range/);
    expect(header(failing, 'ce_id')).toBe(overflowing.id);

    const status = await harness.waitForNoLag();
    expect(status.deadLetters).toContainEqual({ topic: deadLetterTopic(KAFKA_TOPICS.orders), records: 3 });
  });
});
