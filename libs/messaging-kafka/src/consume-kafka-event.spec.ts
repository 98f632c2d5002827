import { AppError } from '@commlab/errors';

import { retryPolicy } from '@commlab/resilience';
import { consumeKafkaEvent, type DeadLetterRecord, type KafkaDelivery } from './consume-kafka-event';
import { KAFKA_DLT_HEADERS } from './dead-letter-headers';

const delivery: KafkaDelivery = {
  topic: 'orders',
  partition: 2,
  offset: '41',
  key: 'order-1',
  value: Buffer.from('{"orderId":"order-1"}'),
  headers: { ce_type: Buffer.from('commlab.order.placed.v1'), ce_id: 'msg-1' },
};

const policy = retryPolicy({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 });

function harness(handle: (attempt: number) => Promise<void>, parseOk = true) {
  const deadLetters: DeadLetterRecord[] = [];
  const waits: number[] = [];
  let heartbeats = 0;
  const run = () =>
    consumeKafkaEvent({
      delivery,
      consumerGroup: 'reporting',
      deadLetterTopic: 'orders.dlt',
      parse: () =>
        parseOk
          ? { ok: true, message: 'parsed' }
          : {
              ok: false,
              error: { code: 'MESSAGE_INVALID_DATA', message: 'data.orderId: required', issues: [] },
            },
      handle: (_message, attempt) => handle(attempt),
      policy,
      deadLetter: async (record) => {
        deadLetters.push(record);
        return Promise.resolve();
      },
      heartbeat: async () => {
        heartbeats += 1;
        return Promise.resolve();
      },
      wait: async (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      heartbeatEveryMs: 150,
      now: () => new Date('2026-11-22T10:00:00.000Z'),
    });
  return { run, deadLetters, waits, heartbeats: () => heartbeats };
}

describe('consumeKafkaEvent', () => {
  it('processes a good record once and dead-letters nothing', async () => {
    const calls: number[] = [];
    const h = harness(async (attempt) => {
      calls.push(attempt);
      return Promise.resolve();
    });
    await expect(h.run()).resolves.toEqual({ outcome: 'processed', attempts: 1 });
    expect(calls).toEqual([1]);
    expect(h.deadLetters).toEqual([]);
  });

  it('retries a transient failure with backoff, heartbeating while it waits', async () => {
    const h = harness(async (attempt) => {
      if (attempt < 3) throw new Error('database blip');
      return Promise.resolve();
    });
    await expect(h.run()).resolves.toEqual({ outcome: 'processed', attempts: 3 });
    // 100 ms then 200 ms, in slices of at most 150 ms with a heartbeat after each slice.
    expect(h.waits).toEqual([100, 150, 50]);
    expect(h.heartbeats()).toBe(3);
    expect(h.deadLetters).toEqual([]);
  });

  it('dead-letters after the last attempt with the error, attempts and origin in headers', async () => {
    const h = harness(async () => Promise.reject(new Error('projection exploded')));
    const outcome = await h.run();
    expect(outcome).toMatchObject({ outcome: 'dead-lettered', attempts: 3 });
    expect(h.deadLetters).toHaveLength(1);
    const [record] = h.deadLetters;
    expect(record).toMatchObject({ topic: 'orders.dlt', key: 'order-1', value: delivery.value });
    expect(record?.headers).toMatchObject({
      ce_type: Buffer.from('commlab.order.placed.v1'),
      ce_id: 'msg-1',
      [KAFKA_DLT_HEADERS.originalTopic]: 'orders',
      [KAFKA_DLT_HEADERS.originalPartition]: '2',
      [KAFKA_DLT_HEADERS.originalOffset]: '41',
      [KAFKA_DLT_HEADERS.consumerGroup]: 'reporting',
      [KAFKA_DLT_HEADERS.attempts]: '3',
      [KAFKA_DLT_HEADERS.errorCode]: 'Error',
      [KAFKA_DLT_HEADERS.errorMessage]: 'Error: projection exploded',
      [KAFKA_DLT_HEADERS.reason]: 'failed 3 attempts, last: Error: projection exploded',
      [KAFKA_DLT_HEADERS.failedAt]: '2026-11-22T10:00:00.000Z',
    });
  });

  it('dead-letters a record that fails its schema at once, without calling the handler', async () => {
    let called = false;
    const h = harness(async () => {
      called = true;
      return Promise.resolve();
    }, false);
    const outcome = await h.run();
    expect(outcome).toMatchObject({ outcome: 'dead-lettered', attempts: 1 });
    expect(called).toBe(false);
    expect(h.deadLetters[0]?.headers).toMatchObject({
      [KAFKA_DLT_HEADERS.errorCode]: 'MESSAGE_INVALID_DATA',
      [KAFKA_DLT_HEADERS.reason]: 'not retriable: MESSAGE_INVALID_DATA: data.orderId: required',
    });
  });

  it('does not retry an AppError that says it is not retriable', async () => {
    let calls = 0;
    const h = harness(async () => {
      calls += 1;
      return Promise.reject(
        new AppError({ code: 'UNKNOWN_SKU', kind: 'invalid_argument', message: 'no such SKU' }),
      );
    });
    await expect(h.run()).resolves.toMatchObject({ outcome: 'dead-lettered', attempts: 1 });
    expect(calls).toBe(1);
    expect(h.deadLetters[0]?.headers[KAFKA_DLT_HEADERS.errorCode]).toBe('UNKNOWN_SKU');
  });

  it('throws (so the offset is not committed) when the dead letter cannot be published', async () => {
    await expect(
      consumeKafkaEvent({
        delivery,
        consumerGroup: 'reporting',
        deadLetterTopic: 'orders.dlt',
        parse: () => ({ ok: false, error: new SyntaxError('Unexpected token') }),
        handle: async () => Promise.resolve(),
        policy,
        deadLetter: async () => Promise.reject(new Error('broker down')),
      }),
    ).rejects.toThrow('broker down');
  });
});
