import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { processEnv } from '@commlab/config';
import { requirePostgres } from '@commlab/testing';

const run = promisify(execFile);
const COUNTER = join(__dirname, '..', 'src', 'profile-order', 'count-pg-statements.cjs');
const FIXTURE = join(__dirname, 'fixtures', 'traced-pg-queries.cjs');

describe('the statement counter of bench:profile-order (preloaded before OpenTelemetry)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'commlab-counter-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts every statement and leaves one pg span per statement', async () => {
    const databaseUrl = await requirePostgres();
    const { stdout } = await run(process.execPath, ['--require', COUNTER, FIXTURE], {
      env: { ...processEnv(), DATABASE_URL: databaseUrl, COMMLAB_PROFILE_DIR: dir },
      timeout: 30_000,
    });
    expect((JSON.parse(stdout) as string[]).sort()).toEqual([
      'parent',
      expect.stringMatching(/^pg\.query:SELECT /),
      expect.stringMatching(/^pg\.query:second /),
    ]);
    const [file] = readdirSync(dir);
    const counted = JSON.parse(readFileSync(join(dir, file ?? ''), 'utf8')) as {
      total: number;
      statements: [string, number][];
    };
    expect(counted.total).toBe(2);
    expect(counted.statements).toEqual([
      ['SELECT 1', 1],
      ['SELECT 2', 1],
    ]);
  });
});
