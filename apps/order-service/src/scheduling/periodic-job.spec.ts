import { setTimeout as sleep } from 'node:timers/promises';

import { Logger } from '@nestjs/common';

import { PeriodicJob } from './periodic-job';

const logger = new Logger('test');

describe('PeriodicJob', () => {
  it('runs at start, then once per interval after each run, never two at once', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const job = new PeriodicJob({
      name: 'test',
      intervalMs: 10,
      logger,
      run: async () => {
        runs += 1;
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(15);
        concurrent -= 1;
      },
    });
    job.start();
    await sleep(120);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxConcurrent).toBe(1);
  });

  it('stop() waits for the run in progress, and no run starts after it', async () => {
    const events: string[] = [];
    const job = new PeriodicJob({
      name: 'test',
      intervalMs: 5,
      logger,
      run: async () => {
        events.push('start');
        await sleep(40);
        events.push('end');
      },
    });
    job.start();
    await sleep(10);
    await job.stop();
    expect(events).toEqual(['start', 'end']);
    expect(job.isStarted).toBe(false);
    await sleep(30);
    expect(events).toEqual(['start', 'end']);
  });

  it('keeps running after a failed run, and waits firstRunAfterMs before the first', async () => {
    let runs = 0;
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const job = new PeriodicJob({
      name: 'flaky',
      intervalMs: 5,
      firstRunAfterMs: 50,
      logger,
      run: () => {
        runs += 1;
        return Promise.reject(new Error('store down'));
      },
    });
    job.start();
    await sleep(25);
    expect(runs).toBe(0);
    await sleep(60);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('flaky failed, retrying in 5 ms: Error: store down'),
    );
  });
});
