import { truncatedPartitions } from './truncated-partitions';

describe('truncatedPartitions', () => {
  it('names every partition whose log no longer starts at 0, and only those', () => {
    const offsets = new Map([
      [
        'orders',
        [
          { partition: 0, low: '0', high: '12' },
          { partition: 1, low: '5', high: '9' },
        ],
      ],
      ['inventory', [{ partition: 2, low: '18446744073709551615', high: '18446744073709551615' }]],
    ]);
    expect(truncatedPartitions(offsets)).toEqual([
      { topic: 'orders', partition: 1, logStartOffset: '5' },
      { topic: 'inventory', partition: 2, logStartOffset: '18446744073709551615' },
    ]);
  });

  it('finds nothing in topics that still hold every record, even empty ones', () => {
    expect(truncatedPartitions(new Map([['orders', [{ partition: 0, low: '0', high: '0' }]]]))).toEqual([]);
  });
});
