import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BenchRuns } from './bench-runs';

const run = (startedAt: string, p50: number) => ({
  schema: 'commlab-bench/v1',
  startedAt,
  machine: { cpus: 2, cpuModel: 'Test CPU', node: 'v20.19.0' },
  settings: { quick: true },
  scenarios: [
    {
      name: 'rr.grpc.raw',
      group: 'request-reply',
      transport: 'grpc',
      runs: [
        {
          mode: 'closed',
          load: 'closed, 1 in flight',
          latency: { p50, p90: p50 * 2, p99: p50 * 3, max: p50 * 4 },
          throughputPerSecond: 1000,
          errors: 0,
        },
      ],
    },
  ],
});

describe('BenchRuns', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-bench-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (id: string, content: unknown) => {
    mkdirSync(join(dir, id));
    writeFileSync(
      join(dir, id, 'results.json'),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  };

  it('lists the runs newest first and reads one as figures', async () => {
    write('2026-01-01T10-00-00Z', run('2026-01-01T10:00:00.000Z', 100));
    write('2026-01-02T10-00-00Z', run('2026-01-02T10:00:00.000Z', 80));
    const runs = new BenchRuns(dir);
    const list = await runs.list();
    expect(list.runs.map((entry) => entry.id)).toEqual(['2026-01-02T10-00-00Z', '2026-01-01T10-00-00Z']);
    expect(list.runs[0]).toMatchObject({ machine: '2 × Test CPU, Node v20.19.0', scenarios: 1, quick: true });
    expect((await runs.run('2026-01-01T10-00-00Z')).figures).toEqual([
      {
        scenario: 'rr.grpc.raw',
        group: 'request-reply',
        transport: 'grpc',
        mode: 'closed',
        load: 'closed, 1 in flight',
        p50: 100,
        p90: 200,
        p99: 300,
        max: 400,
        throughputPerSecond: 1000,
        errors: 0,
      },
    ]);
  });

  it('names unreadable runs instead of failing, and has no runs without a folder', async () => {
    write('2026-01-01T10-00-00Z', '{not json');
    write('2026-01-03T10-00-00Z', { schema: 'other' });
    mkdirSync(join(dir, 'notes'));
    const list = await new BenchRuns(dir).list();
    expect(list.runs).toEqual([]);
    expect(list.problems).toEqual([
      expect.stringMatching(/^2026-01-03T10-00-00Z: results.json is not a commlab-bench\/v1 file/),
      '2026-01-01T10-00-00Z: results.json is not JSON',
    ]);
    expect((await new BenchRuns(join(dir, 'missing')).list()).runs).toEqual([]);
  });

  it('refuses a run id that is not a bench folder name (no path tricks)', async () => {
    await expect(new BenchRuns(dir).run('../etc')).rejects.toMatchObject({ code: 'BAD_RUN_ID' });
    await expect(new BenchRuns(dir).run('2026-01-09T10-00-00Z')).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
    });
  });
});
