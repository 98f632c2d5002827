import { buildBatch } from '../protocol/build-batch.test-support';
import { parseRecordBatches, type RecordBatch } from '../protocol/record-batch';
import { FetchWaiters } from './fetch-waiters';
import { PartitionLog } from './partition-log';

function batches(...values: string[][]): RecordBatch[] {
  const parsed = parseRecordBatches(Buffer.concat(values.map((v) => buildBatch(v))));
  if (!Array.isArray(parsed)) throw new Error(parsed.message);
  return parsed;
}

describe('PartitionLog', () => {
  it('assigns offsets and reads from the batch that contains the requested offset', () => {
    const log = new PartitionLog();
    expect(log.append(batches(['a', 'b', 'c']), 1)).toBe(0);
    expect(log.append(batches(['d'], ['e', 'f']), 2)).toBe(3);
    expect(log.highWatermark).toBe(6);
    const fromMiddle = log.read(1, 1 << 20);
    expect(fromMiddle.batches.map((b) => Number(b.readBigInt64BE(0)))).toEqual([0, 3, 4]);
    expect(log.read(4, 1 << 20).batches.map((b) => Number(b.readBigInt64BE(0)))).toEqual([4]);
    expect(log.read(6, 1 << 20).batches).toEqual([]);
  });

  it('returns at least one batch even when it exceeds max bytes', () => {
    const log = new PartitionLog();
    log.append(batches(['x'.repeat(500)], ['y']), 1);
    expect(log.read(0, 10).batches).toHaveLength(1);
    expect(log.read(0, 10, false).batches).toHaveLength(0);
  });

  it('applies time and size retention by advancing the log start offset', () => {
    const log = new PartitionLog();
    log.append(batches(['a']), 1000);
    log.append(batches(['b']), 2000);
    log.append(batches(['c']), 3000);
    expect(log.applyRetention({ retentionMs: 1500, retentionBytes: -1 }, 3600)).toBe(2);
    expect(log.logStartOffset).toBe(2);
    expect(log.read(0, 1000).batches).toEqual([]);
    const size = log.sizeBytes;
    log.append(batches(['d']), 4000);
    log.applyRetention({ retentionMs: -1, retentionBytes: size }, 4000);
    expect(log.logStartOffset).toBe(3);
    expect(log.highWatermark).toBe(4);
  });

  it('deletes records before an offset, keeping a batch that straddles it', () => {
    const log = new PartitionLog();
    log.append(batches(['a', 'b', 'c']), 1);
    log.append(batches(['d']), 2);
    expect(log.deleteRecordsBefore(1)).toBe(1);
    expect(log.read(0, 1 << 20).batches).toEqual([]);
    expect(log.read(1, 1 << 20).batches).toHaveLength(2);
    expect(log.deleteRecordsBefore(3)).toBe(3);
    expect(log.batchCount).toBe(1);
    expect(log.deleteRecordsBefore(2)).toBe(3);
    expect(log.deleteRecordsBefore(4)).toBe(4);
    expect(log.batchCount).toBe(0);
  });

  it('finds the first record at or after a timestamp, inside batches, gzip ones too', () => {
    const log = new PartitionLog();
    const t = 1_700_000_000_000;
    const parsed = (b: Buffer): RecordBatch[] => {
      const out = parseRecordBatches(b);
      if (!Array.isArray(out)) throw new Error(out.message);
      return out;
    };
    log.append(parsed(buildBatch(['a', 'b', 'c'], t, { timestampDeltas: [0, 10, 20] })), 1);
    log.append(parsed(buildBatch(['d', 'e', 'f'], t + 30, { timestampDeltas: [0, 10, 20], gzip: true })), 2);
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: t });
    // Per record: offset 1 (t+10), not the batch's first offset.
    expect(log.offsetForTimestamp(t + 5)).toEqual({ offset: 1, timestamp: t + 10 });
    expect(log.offsetForTimestamp(t + 41)).toEqual({ offset: 5, timestamp: t + 50 });
    // Nothing at or after the timestamp: none (ListOffsets answers -1), not the high watermark.
    expect(log.offsetForTimestamp(t + 51)).toBeUndefined();
  });
});

describe('FetchWaiters', () => {
  it('wakes each waiter once on an append to any of its partitions and then forgets it', () => {
    const waiters = new FetchWaiters();
    const wake = jest.fn();
    waiters.register([FetchWaiters.key('t', 0), FetchWaiters.key('t', 1)], wake);
    expect(waiters.size).toBe(1);
    waiters.notify(FetchWaiters.key('t', 2));
    expect(wake).not.toHaveBeenCalled();
    waiters.notify(FetchWaiters.key('t', 1));
    waiters.notify(FetchWaiters.key('t', 0));
    expect(wake).toHaveBeenCalledTimes(1);
    expect(waiters.size).toBe(0);
  });

  it('cancels without waking and leaves nothing behind', () => {
    const waiters = new FetchWaiters();
    const wake = jest.fn();
    const w = waiters.register([FetchWaiters.key('t', 0)], wake);
    w.cancel();
    waiters.notifyAll();
    expect(wake).not.toHaveBeenCalled();
    expect(waiters.size).toBe(0);
  });

  it('wakes everyone on notifyAll', () => {
    const waiters = new FetchWaiters();
    const a = jest.fn();
    const b = jest.fn();
    waiters.register([FetchWaiters.key('x', 0)], a);
    waiters.register([FetchWaiters.key('y', 0)], b);
    waiters.notifyAll();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });
});
