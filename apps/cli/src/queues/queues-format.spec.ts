import type { QueueDepths, WatchedQueue } from '@commlab/stack-ops';
import { formatQueuesLine, formatQueuesTable, MISSING_QUEUE_NOTE } from './queues-format';

const queues: WatchedQueue[] = [
  { name: 'jobs', retry: 'jobs.retry', deadLetter: 'jobs.dlq' },
  { name: 'rpc' },
  { name: 'audit', retry: 'audit.retry', deadLetter: 'audit.dlq' },
];

const depths: QueueDepths = new Map([
  ['jobs', { ready: 12, consumers: 0 }],
  ['jobs.retry', { ready: 1, consumers: 0 }],
  ['jobs.dlq', { ready: 3, consumers: 0 }],
  ['rpc', { ready: 0, consumers: 2 }],
  ['audit', undefined],
  ['audit.retry', undefined],
  ['audit.dlq', undefined],
]);

describe('pnpm queues output', () => {
  it('prints an aligned table, — for missing queues, and says what — means', () => {
    expect(formatQueuesTable(queues, depths)).toEqual([
      'queue        ready  consumers',
      'jobs            12          0',
      'jobs.retry       1          0',
      'jobs.dlq         3          0',
      'rpc              0          2',
      'audit            —          —',
      'audit.retry      —          —',
      'audit.dlq        —          —',
      MISSING_QUEUE_NOTE,
    ]);
  });

  it('adds no note when every queue exists', () => {
    const all: QueueDepths = new Map([['rpc', { ready: 0, consumers: 1 }]]);
    expect(formatQueuesTable([{ name: 'rpc' }], all)).toEqual([
      'queue  ready  consumers',
      'rpc        0          1',
    ]);
  });

  it('prints one watch line with companions only while messages wait in them', () => {
    expect(formatQueuesLine(new Date(2024, 0, 1, 12, 0, 1), queues, depths)).toBe(
      '12:00:01  jobs 12/0 (retry 1, dlq 3)  rpc 0/2  audit —',
    );
    const calm: QueueDepths = new Map([
      ['jobs', { ready: 0, consumers: 1 }],
      ['jobs.retry', { ready: 0, consumers: 0 }],
      ['jobs.dlq', { ready: 2, consumers: 0 }],
    ]);
    expect(formatQueuesLine(new Date(2024, 0, 1, 9, 5, 0), [queues[0]!], calm)).toBe(
      '09:05:00  jobs 0/1 (dlq 2)',
    );
  });
});
