import { setTimeout as sleep } from 'node:timers/promises';

import { ExclusiveGate } from './exclusive-gate';

describe('ExclusiveGate', () => {
  it('runs tasks one at a time in call order, even when one fails', async () => {
    const gate = new ExclusiveGate();
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) =>
      gate.run(async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a', 20), task('b', 1, true), task('c', 5)]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
