import { createEnvelope } from '@commlab/contracts';

import type { OutboxMessage } from './outbox-publisher';
import { OutboxRelay, roundsByKey } from './outbox-relay';

function row(sequence: number, key: string): OutboxMessage {
  return {
    sequence,
    messageId: `m${String(sequence)}`,
    key,
    destination: { transport: 'kafka', topic: 't' },
    envelope: createEnvelope({ type: 'commlab.test.happened.v1', source: '/test', subject: key, data: {} }),
    attempts: 0,
    createdAt: new Date(0),
  };
}

describe('roundsByKey', () => {
  it('puts at most one row per key in a round and keeps each key in order', () => {
    const rounds = roundsByKey([
      row(1, 'a'),
      row(2, 'a'),
      row(3, 'b'),
      row(4, 'a'),
      row(5, 'c'),
      row(6, 'b'),
    ]);
    expect(rounds.map((round) => round.map((r) => r.sequence))).toEqual([[1, 3, 5], [2, 6], [4]]);
  });

  it('answers no rounds for no rows', () => {
    expect(roundsByKey([])).toEqual([]);
  });
});

describe('OutboxRelay options', () => {
  const base = { db: {} as never, publisher: { publish: () => Promise.resolve([]) } };

  it('refuses nonsense settings', () => {
    expect(() => new OutboxRelay({ ...base, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new OutboxRelay({ ...base, pollIntervalMs: 0 })).toThrow(/pollIntervalMs/);
    expect(() => new OutboxRelay({ ...base, backoff: { jitter: 3 } })).toThrow(/jitter/);
  });
});

describe('OutboxRelay loop', () => {
  it('keeps polling after a failed batch (e.g. the store is down), logs it, and stops cleanly', async () => {
    const warnings: string[] = [];
    let attempts = 0;
    const refuse = () => {
      attempts += 1;
      return Promise.reject(Object.assign(new Error('connection refused'), { code: 'DB_UNAVAILABLE' }));
    };
    const db = { query: refuse, transaction: refuse };
    const relay = new OutboxRelay({
      db: db as never,
      publisher: { publish: () => Promise.resolve([]) },
      pollIntervalMs: 5,
      backoff: { baseDelayMs: 1, maxDelayMs: 5, jitter: 0 },
      logger: { log: () => undefined, warn: (line) => warnings.push(line) },
    });
    relay.start();
    while (attempts < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await relay.stop();
    expect(warnings[0]).toMatch(/batch failed \(DB_UNAVAILABLE: connection refused\); next try in 5 ms/);
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(attempts).toBe(after);
  });
});
