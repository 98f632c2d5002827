import { type GroupLag, partitionLag } from '@commlab/stack-ops';
import { formatLagLine, formatLagTable, NOTHING_COMMITTED_NOTE } from './lag-format';

const stopped: GroupLag = {
  group: 'reporting',
  state: 'Empty',
  members: 0,
  topics: [
    {
      topic: 'orders',
      exists: true,
      partitions: [partitionLag(0, '3', '0', '5'), partitionLag(1, '-1', '0', '12')],
    },
    { topic: 'inventory', exists: true, partitions: [partitionLag(0, '1', '0', '1')] },
    { topic: 'audit', exists: false, partitions: [] },
  ],
  totalLag: 14,
};

describe('pnpm lag output', () => {
  it('prints the group, an aligned table, missing topics, the total and what — means', () => {
    expect(formatLagTable(stopped, ['127.0.0.1:9092'])).toEqual([
      'consumer group reporting: no members (Empty) on 127.0.0.1:9092',
      'topic      partition  committed  high watermark  lag',
      'orders             0          3               5    2',
      'orders             1          —              12   12',
      'inventory          0          1               1    0',
      'audit: no such topic (nothing created it yet)',
      'total lag: 14',
      NOTHING_COMMITTED_NOTE,
    ]);
  });

  it('counts members and leaves the note out when every partition has a commit', () => {
    const running: GroupLag = {
      group: 'g',
      state: 'Stable',
      members: 2,
      topics: [{ topic: 't', exists: true, partitions: [partitionLag(0, '4', '0', '4')] }],
      totalLag: 0,
    };
    expect(formatLagTable(running, ['a:1', 'b:2'])).toEqual([
      'consumer group g: 2 members (Stable) on a:1,b:2',
      'topic  partition  committed  high watermark  lag',
      't              0          4               4    0',
      'total lag: 0',
    ]);
    expect(formatLagLine(new Date(2024, 0, 1, 8, 0, 0), { ...running, members: 1 })).toBe(
      '08:00:00  total lag 0  (t 0:0)  1 member (Stable)',
    );
  });

  it('prints one watch line per tick', () => {
    expect(formatLagLine(new Date(2024, 0, 1, 12, 0, 1), stopped)).toBe(
      '12:00:01  total lag 14  (orders 0:2 1:12, inventory 0:0, audit —)  no members (Empty)',
    );
  });
});
