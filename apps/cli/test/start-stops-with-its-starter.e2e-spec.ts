import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import {
  requireRabbitMq,
  requireRedis,
  stackPorts,
  throwawayVhost,
  type ThrowawayVhost,
  waitFor,
} from '@commlab/testing';

const ROOT = join(__dirname, '..', '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A stack a tool started on a pipe (spawnPnpmStart: STOP_WHEN_STDIN_CLOSES) must not outlive the tool:
 * killed with SIGKILL, the tool can stop nothing, yet its `pnpm start` — and the services under it —
 * must go. Real RabbitMQ and Redis; fails (never skips) when one is down.
 */
describe('pnpm start on a pipe stops when the program that started it is killed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'commlab-orphan-'));
  let vhost: ThrowawayVhost;

  beforeAll(async () => {
    await requireRabbitMq();
    await requireRedis();
    vhost = await throwawayVhost('orphan');
  });

  afterAll(async () => {
    await vhost.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no pnpm start behind after a SIGKILL of its starter', async () => {
    const { PATH, HOME } = processEnv();
    const starter = spawn(
      process.execPath,
      [
        '--conditions=@commlab/source',
        '--import',
        'tsx',
        'apps/cli/test/fixtures/start-a-stack.ts',
        JSON.stringify(await stackPorts()),
        JSON.stringify({ COMMLAB_DATA_DIR: dataDir, RABBITMQ_URL: vhost.url, RESTART_ON_CRASH: 'false' }),
      ],
      { cwd: ROOT, env: { PATH, HOME }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    starter.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    await waitFor(() => output.includes('stack up'), { timeoutMs: 240_000, description: 'the stack up' });
    const stackPid = Number(/stack pid (\d+)/.exec(output)?.[1]);
    expect(alive(stackPid)).toBe(true);

    starter.kill('SIGKILL');
    // Its graceful shutdown stops every service first (each has a few seconds to drain).
    await waitFor(() => !alive(stackPid), { timeoutMs: 60_000, description: 'pnpm start gone' });
    expect(alive(stackPid)).toBe(false);
  }, 330_000);
});
