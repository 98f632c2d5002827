import type { QueueDepths } from '@commlab/stack-ops';

import { queueRows } from './queue-rows';

const depths = (entries: [string, number, number][]): QueueDepths =>
  new Map(entries.map(([name, ready, consumers]) => [name, { ready, consumers }]));

describe('queueRows', () => {
  const queues = [
    { name: 'jobs', retry: 'jobs.retry', deadLetter: 'jobs.dlq' },
    { name: 'rpc' },
    { name: 'notification.order-events', retry: 'e.retry', deadLetter: 'e.dlq' },
  ];

  it('names each queue with its role and companions, and what is in it now', () => {
    const rows = queueRows(queues, [
      [
        0,
        depths([
          ['jobs', 3, 1],
          ['jobs.dlq', 2, 0],
          ['rpc', 0, 2],
        ]),
      ],
    ]);
    expect(
      rows.map(({ name, role, of, ready, consumers }) => ({ name, role, of, ready, consumers })),
    ).toEqual([
      { name: 'jobs', role: 'work', of: undefined, ready: 3, consumers: 1 },
      { name: 'jobs.retry', role: 'retry', of: 'jobs', ready: null, consumers: null },
      { name: 'jobs.dlq', role: 'dead-letter', of: 'jobs', ready: 2, consumers: 0 },
      { name: 'rpc', role: 'rpc', of: undefined, ready: 0, consumers: 2 },
      { name: 'notification.order-events', role: 'subscriber', of: undefined, ready: null, consumers: null },
      { name: 'e.retry', role: 'retry', of: 'notification.order-events', ready: null, consumers: null },
      { name: 'e.dlq', role: 'dead-letter', of: 'notification.order-events', ready: null, consumers: null },
    ]);
  });

  it('keeps the history and the net rate over at least ten seconds', () => {
    const rows = queueRows(
      [{ name: 'jobs' }],
      [
        [0, depths([['jobs', 0, 0]])],
        [5_000, depths([['jobs', 10, 0]])],
        [10_000, depths([['jobs', 20, 0]])],
        [12_000, depths([['jobs', 24, 0]])],
      ],
    );
    expect(rows[0]?.history).toEqual([
      [0, 0],
      [5_000, 10],
      [10_000, 20],
      [12_000, 24],
    ]);
    // from 0 → 24 over 12 s (the newest sample at least 10 s older than the last)
    expect(rows[0]?.netPerSecond).toBe(2);
    expect(queueRows([{ name: 'jobs' }], [[0, depths([['jobs', 1, 0]])]])[0]?.netPerSecond).toBeNull();
  });
});
