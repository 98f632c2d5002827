import type { Scenario } from '../scenario';

/**
 * The harness measuring itself: a call that does nothing but resolve, through the same loops, timers
 * and histograms as every other scenario. Its latency is the floor of what the bench can see.
 */
export const harnessNoop: Scenario = {
  name: 'harness.noop',
  group: 'harness',
  transport: 'in-process',
  kind: 'harness',
  description: 'no-op in-process async call through the same loop: the harness’s own cost',
  needs: [],
  setup() {
    return Promise.resolve({
      placement: 'in the bench process',
      payloadBytes: { request: 0 },
      call: () => Promise.resolve(),
      close: () => Promise.resolve(),
    });
  },
};
