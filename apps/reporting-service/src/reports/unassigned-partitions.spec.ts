import { unassignedPartitions } from './unassigned-partitions';

describe('unassignedPartitions', () => {
  it('names the partitions another member consumes', () => {
    const offsets = new Map([
      [
        'orders',
        [
          { partition: 0, low: '0', high: '1' },
          { partition: 1, low: '0', high: '1' },
        ],
      ],
      ['inventory', [{ partition: 0, low: '0', high: '0' }]],
    ]);
    expect(unassignedPartitions(offsets, { orders: [0] })).toEqual(['orders/1', 'inventory/0']);
    expect(unassignedPartitions(offsets, { orders: [1, 0], inventory: [0] })).toEqual([]);
  });
});
