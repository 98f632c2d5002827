import type { ServiceStatus } from '@commlab/stack-ops';

import { serviceHealth } from './service-health';

const stack: ServiceStatus = {
  name: 'notification-service',
  state: 'restarting',
  pid: null,
  httpPort: 3003,
  grpcPort: null,
  restarts: 2,
  restartAt: '2026-01-01T10:20:30.000Z',
  crashLoop: false,
};
const refused = { answered: false as const, reason: 'ECONNREFUSED', timedOut: false };

describe('serviceHealth of a service pnpm start restarts after a crash', () => {
  it('is down, with when it comes back and how to act now', () => {
    expect(serviceHealth('notification-service', 'http://x', refused, stack)).toEqual({
      name: 'notification-service',
      url: 'http://x',
      health: 'down',
      detail:
        'crashed: pnpm start restarts it at 10:20:30 UTC — see its log in .data/logs/, or start it now from the Faults view',
    });
  });

  it('says when it is a crash loop', () => {
    expect(
      serviceHealth('notification-service', 'http://x', refused, { ...stack, crashLoop: true }).detail,
    ).toMatch(/^crashed again and again \(a crash loop\): pnpm start restarts it at 10:20:30 UTC/);
  });
});
