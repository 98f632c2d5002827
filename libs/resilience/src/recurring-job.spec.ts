import { deleteInBatches, RecurringJob, type RecurringJobLogger } from './recurring-job';

function recordingLogger(): RecurringJobLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(`log ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('RecurringJob', () => {
  it('runs at start, then once per interval until stop', async () => {
    let runs = 0;
    const job = new RecurringJob({ name: 'count', intervalMs: 10, run: () => Promise.resolve((runs += 1)) });
    job.start();
    job.start(); // idempotent: still one schedule
    await until(() => runs >= 3);
    await job.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(stoppedAt);
    expect(job.isStarted).toBe(false);
  });

  it('logs a failed run and tries again at the next interval', async () => {
    const logger = recordingLogger();
    let runs = 0;
    const job = new RecurringJob({
      name: 'flaky job',
      intervalMs: 10,
      logger,
      run: () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error('database down')) : Promise.resolve(runs);
      },
      describe: (n) => (n === 2 ? 'second run did work' : undefined),
    });
    job.start();
    await until(() => runs >= 3);
    await job.stop();
    expect(logger.lines[0]).toMatch(/^warn flaky job failed, retrying in 10 ms: .*database down/);
    expect(logger.lines).toContain('log second run did work');
    expect(logger.lines.filter((line) => line.startsWith('log'))).toHaveLength(1);
  });

  it('stop() waits for the run in progress, which sees halted()', async () => {
    let sawHalt = false;
    let inRun = false;
    let release: () => void = () => undefined;
    const job = new RecurringJob({
      name: 'slow',
      intervalMs: 10,
      run: async (halted) => {
        inRun = true;
        await new Promise<void>((resolve) => (release = resolve));
        sawHalt = halted();
        return 0;
      },
    });
    job.start();
    await until(() => inRun);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(sawHalt).toBe(true);
  });

  it('refuses an interval that is not positive', () => {
    expect(() => new RecurringJob({ name: 'bad', intervalMs: 0, run: () => Promise.resolve(0) })).toThrow(
      'bad: intervalMs must be > 0.',
    );
  });
});

describe('deleteInBatches', () => {
  it('deletes batch after batch until one comes back short', async () => {
    let left = 23;
    const limits: number[] = [];
    const total = await deleteInBatches(
      (limit) => {
        limits.push(limit);
        const deleted = Math.min(limit, left);
        left -= deleted;
        return Promise.resolve(deleted);
      },
      10,
      () => false,
    );
    expect(total).toBe(23);
    expect(limits).toEqual([10, 10, 10]);
  });

  it('stops after the current batch once halted', async () => {
    let calls = 0;
    const total = await deleteInBatches(
      (limit) => {
        calls += 1;
        return Promise.resolve(limit);
      },
      5,
      () => calls >= 2,
    );
    expect({ calls, total }).toEqual({ calls: 2, total: 10 });
  });
});
