import { coveringSnapshot, uncoveredPartitions } from './snapshot-coverage';

const offsets = new Map([
  [
    'orders',
    [
      { partition: 0, low: '4', high: '10' },
      { partition: 1, low: '0', high: '3' },
    ],
  ],
]);

function snapshot(id: string, p0: string, p1?: string) {
  return {
    id,
    offsets: [
      { topic: 'orders', partition: 0, offset: p0 },
      ...(p1 === undefined ? [] : [{ topic: 'orders', partition: 1, offset: p1 }]),
    ],
  };
}

describe('uncoveredPartitions', () => {
  it('names the partitions whose snapshot offset was deleted or is past the high watermark', () => {
    expect(uncoveredPartitions(snapshot('1', '3', '4'), offsets)).toEqual([
      { topic: 'orders', partition: 0, snapshotOffset: '3', logStartOffset: '4', highWatermark: '10' },
      { topic: 'orders', partition: 1, snapshotOffset: '4', logStartOffset: '0', highWatermark: '3' },
    ]);
  });

  it('accepts offsets from the log start to the high watermark, and a partition the snapshot lacks at 0', () => {
    expect(uncoveredPartitions(snapshot('1', '4', '3'), offsets)).toEqual([]);
    expect(uncoveredPartitions(snapshot('2', '10'), offsets)).toEqual([]);
    expect(
      uncoveredPartitions(
        snapshot('3', '10'),
        new Map([['orders', [{ partition: 1, low: '1', high: '3' }]]]),
      ),
    ).toEqual([
      { topic: 'orders', partition: 1, snapshotOffset: '0', logStartOffset: '1', highWatermark: '3' },
    ]);
  });
});

describe('coveringSnapshot', () => {
  it('picks the newest snapshot that every partition can be replayed from', () => {
    const newestFirst = [snapshot('9', '11', '3'), snapshot('8', '7', '2'), snapshot('7', '5', '1')];
    expect(coveringSnapshot(newestFirst, offsets)?.id).toBe('8');
  });

  it('finds none when every snapshot is older than the log start', () => {
    expect(coveringSnapshot([snapshot('2', '3', '3'), snapshot('1', '0', '0')], offsets)).toBeUndefined();
    expect(coveringSnapshot<{ id: string; offsets: [] }>([], offsets)).toBeUndefined();
  });
});
