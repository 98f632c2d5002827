import { ErrorCode } from '../protocol/errors';
import { ProducerIds } from '../group/producer-ids';
import type { RecordBatch } from '../protocol/record-batch';
import { ProducerStates } from './producer-state';

function batch(
  producerId: number,
  producerEpoch: number,
  baseSequence: number,
  offsetCount = 1,
): RecordBatch {
  return {
    bytes: Buffer.alloc(0),
    offsetCount,
    maxTimestamp: 0,
    recordCount: offsetCount,
    producerId,
    producerEpoch,
    baseSequence,
    transactional: false,
    control: false,
  };
}

describe('ProducerStates', () => {
  it('recognises a retried batch among the last five and answers its offset', () => {
    const states = new ProducerStates();
    let offset = 0;
    for (let seq = 0; seq < 30; seq += 3) {
      const b = batch(7, 0, seq, 3);
      expect(states.check(b)).toEqual({ kind: 'append' });
      states.record(b, offset, 0);
      offset += 3;
    }
    expect(states.check(batch(7, 0, 27, 3))).toEqual({ kind: 'duplicate', baseOffset: 27 });
    expect(states.check(batch(7, 0, 15, 3))).toEqual({ kind: 'duplicate', baseOffset: 15 });
    // Older than the five kept: no longer recognised, and not the next sequence either.
    expect(states.check(batch(7, 0, 12, 3))).toMatchObject({
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
  });

  it('answers OUT_OF_ORDER_SEQUENCE_NUMBER for a gap and INVALID_PRODUCER_EPOCH for an older epoch', () => {
    const states = new ProducerStates();
    states.record(batch(1, 2, 0, 2), 0, 0);
    expect(states.check(batch(1, 2, 3))).toMatchObject({
      kind: 'error',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(states.check(batch(1, 2, 2))).toEqual({ kind: 'append' });
    expect(states.check(batch(1, 1, 2))).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
    // A new epoch starts at sequence 0.
    expect(states.check(batch(1, 3, 0))).toEqual({ kind: 'append' });
    expect(states.check(batch(1, 3, 5))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    // Unknown producers and non-idempotent batches are appended.
    expect(states.check(batch(99, 0, 40))).toEqual({ kind: 'append' });
    expect(states.check(batch(-1, -1, -1))).toEqual({ kind: 'append' });
  });

  it('wraps sequences at 2^31-1', () => {
    const states = new ProducerStates();
    states.record(batch(1, 0, 2_147_483_646, 2), 0, 0);
    expect(states.check(batch(1, 0, 0))).toEqual({ kind: 'append' });
  });
});

describe('ProducerIds', () => {
  it('writes down each block of ids before handing out its first id', () => {
    const reserved: number[] = [];
    const ids = new ProducerIds(5000, (end) => reserved.push(end));
    expect([ids.allocate(), ids.allocate()]).toEqual([5000, 5001]);
    expect(reserved).toEqual([6000]);
    for (let i = 0; i < 998; i++) ids.allocate();
    expect(ids.allocate()).toBe(6000);
    expect(reserved).toEqual([6000, 7000]);
  });
});
