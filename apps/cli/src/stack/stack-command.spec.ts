import type { ServiceStatus } from '@commlab/stack-ops';

import { formatRestartNotes } from './stack-command';

const base: ServiceStatus = {
  name: 'order-service',
  state: 'running',
  pid: 10,
  httpPort: 13002,
  grpcPort: null,
  restarts: 0,
  restartAt: null,
  crashLoop: false,
};

describe('formatRestartNotes', () => {
  it('says nothing of a service that never crashed', () => {
    expect(formatRestartNotes([base], 0)).toEqual([]);
  });

  it('counts the restarts of a service that crashed and came back', () => {
    expect(formatRestartNotes([{ ...base, restarts: 2 }], 0)).toEqual([
      'order-service: restarted 2 times after a crash',
    ]);
    expect(formatRestartNotes([{ ...base, restarts: 1 }], 0)).toEqual([
      'order-service: restarted 1 time after a crash',
    ]);
  });

  it('says when a crashed service comes back, whether it is a crash loop, and how to act on it', () => {
    const at = Date.parse('2026-01-01T00:00:00.000Z');
    expect(
      formatRestartNotes(
        [
          {
            ...base,
            state: 'restarting',
            pid: null,
            restarts: 4,
            restartAt: '2026-01-01T00:00:30.000Z',
            crashLoop: true,
          },
        ],
        at,
      ),
    ).toEqual([
      'order-service: crashed; pnpm start restarts it in 30.0 s — a crash loop: it keeps crashing, see its log (restarted 4 times so far; "pnpm stack start order-service" now, "pnpm stack stop order-service" to stop retrying)',
    ]);
  });
});
