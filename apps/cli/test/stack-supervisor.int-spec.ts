import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { RestartPolicy } from '@commlab/stack-ops';
import { freePort, waitFor } from '@commlab/testing';

import { StackSupervisor, type SupervisorEvent } from '../src/stack/stack-supervisor';
import type { StackService } from '../src/start/stack-services';
import { ROOT } from './support/cli-process';

jest.setTimeout(60_000);

/**
 * A stand-in service, a real child process: answers GET /health on FAKE_PORT, ends on SIGTERM, and exits
 * with code 3 at start while FAKE_DIE_FILE exists (a service that cannot come up: a crash loop).
 */
const FAKE_SERVICE = `
const { existsSync } = require('node:fs');
const { createServer } = require('node:http');
if (existsSync(process.env.FAKE_DIE_FILE)) process.exit(3);
createServer((request, response) => response.writeHead(200).end('ok')).listen(Number(process.env.FAKE_PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

/** The policy, quick: the supervisor's process handling is under test here, the schedule in its unit test. */
const QUICK: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 400,
  stableAfterMs: 60_000,
  crashLoopCrashes: 3,
  crashLoopWindowMs: 60_000,
};

/** The process handling of pnpm start's supervisor: crashes, restarts, and what a user's stop means. */
describe('StackSupervisor restarts', () => {
  let dir: string;
  let dieFile: string;
  let entry: string;
  let supervisor: StackSupervisor | undefined;
  let events: SupervisorEvent[];
  let service: StackService;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'commlab-supervisor-'));
    entry = join(dir, 'fake-service.cjs');
    writeFileSync(entry, FAKE_SERVICE);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    events = [];
    dieFile = join(dir, `die-${String(Date.now())}`);
    service = { name: 'order-service', httpPort: await freePort(), needs: [] };
  });

  afterEach(async () => {
    await supervisor?.stopAll();
    supervisor = undefined;
  });

  const start = async (policy: RestartPolicy | 'off' = QUICK) => {
    const stack = new StackSupervisor([{ service, entry }], {
      cwd: ROOT,
      logDir: dir,
      startTimeoutMs: 20_000,
      envFor: () => ({ FAKE_PORT: String(service.httpPort), FAKE_DIE_FILE: dieFile }),
      restartPolicy: policy === 'off' ? undefined : policy,
      onEvent: (event) => events.push(event),
    });
    supervisor = stack;
    expect(await stack.startAll()).toEqual([]);
    return stack;
  };
  const statusOf = (stack: StackSupervisor) => {
    const status = stack.status()[0];
    if (status === undefined) throw new Error('no status');
    return status;
  };
  const killNine = (stack: StackSupervisor) => {
    const { pid } = statusOf(stack);
    if (pid === null) throw new Error('the service has no pid');
    process.kill(pid, 'SIGKILL');
    return pid;
  };
  const health = () =>
    fetch(`http://127.0.0.1:${String(service.httpPort)}/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.status,
      () => 'no answer',
    );
  /** Long enough for several restarts of QUICK to have happened, had one been scheduled. */
  const severalBackoffs = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  it('restarts a service killed with SIGKILL, under a new pid, and reports the crash and the restart', async () => {
    const stack = await start();
    const oldPid = killNine(stack);
    await waitFor(() => events.some((event) => event.kind === 'restarted'), {
      timeoutMs: 20_000,
      description: 'the restart',
    });
    expect(events[0]).toMatchObject({
      kind: 'crashed',
      name: 'order-service',
      reason: 'SIGKILL',
      restart: { delayMs: 100, attempt: 1, crashLoop: false },
    });
    expect(events[1]).toMatchObject({ kind: 'restarted', name: 'order-service', attempt: 1 });
    expect(await health()).toBe(200);
    expect(statusOf(stack)).toMatchObject({ state: 'running', restarts: 1, restartAt: null });
    expect(statusOf(stack).pid).not.toBe(oldPid);
  });

  it('keeps a service stopped with stop(): its SIGTERM exit is no crash', async () => {
    const stack = await start();
    await stack.stop('order');
    await severalBackoffs();
    expect(events).toEqual([]);
    expect(statusOf(stack)).toMatchObject({ state: 'stopped', pid: null });
    expect(await health()).toBe('no answer');
  });

  it('stop() during the backoff cancels the restart', async () => {
    const stack = await start({ ...QUICK, initialDelayMs: 1_000, maxDelayMs: 1_000 });
    killNine(stack);
    await waitFor(() => statusOf(stack).state === 'restarting', { description: 'the backoff' });
    expect(statusOf(stack).restartAt).not.toBeNull();
    expect(await stack.stop('order-service')).toMatchObject({ state: 'stopped', restartAt: null });
    await severalBackoffs();
    expect(events.map((event) => event.kind)).toEqual(['crashed']);
    expect(statusOf(stack).state).toBe('stopped');
    expect(await health()).toBe('no answer');
  });

  it('start() during the backoff starts the service now', async () => {
    const stack = await start({ ...QUICK, initialDelayMs: 600_000, maxDelayMs: 600_000 });
    killNine(stack);
    await waitFor(() => statusOf(stack).state === 'restarting', { description: 'the backoff' });
    expect(await stack.start('order')).toMatchObject({ state: 'running', restartAt: null });
    expect(await health()).toBe(200);
  });

  it('calls repeated crashes a crash loop, keeps retrying at the cap, and recovers once the service can start', async () => {
    const stack = await start();
    writeFileSync(dieFile, 'die');
    killNine(stack);
    await waitFor(
      () => events.some((event) => event.kind === 'crashed' && event.restart?.crashLoop === true),
      { timeoutMs: 20_000, description: 'a crash loop' },
    );
    const crashes = events.filter((event) => event.kind === 'crashed');
    expect(crashes.map((event) => event.restart?.delayMs)).toEqual([100, 200, 400]);
    expect(crashes[1]?.reason).toBe('exited (exit code 3)');
    expect(statusOf(stack)).toMatchObject({ state: 'restarting', crashLoop: true });
    unlinkSync(dieFile);
    await waitFor(() => statusOf(stack).state === 'running', {
      timeoutMs: 20_000,
      description: 'the restart once the service can start',
    });
    expect(events.at(-1)).toMatchObject({ kind: 'restarted' });
    expect(await health()).toBe(200);
  });

  it('stopAll() during the backoff: nothing is restarted afterwards', async () => {
    const stack = await start({ ...QUICK, initialDelayMs: 300 });
    killNine(stack);
    await waitFor(() => statusOf(stack).state === 'restarting', { description: 'the backoff' });
    await stack.stopAll();
    await severalBackoffs();
    expect(events.map((event) => event.kind)).toEqual(['crashed']);
    expect(statusOf(stack)).toMatchObject({ state: 'stopped', pid: null });
    expect(await health()).toBe('no answer');
  });

  it('with restarting off, a crashed service stays stopped and start() brings it back', async () => {
    const stack = await start('off');
    killNine(stack);
    await waitFor(() => events.length > 0, { description: 'the crash' });
    expect(events[0]).toMatchObject({ kind: 'crashed', reason: 'SIGKILL', restart: undefined });
    await severalBackoffs();
    expect(statusOf(stack).state).toBe('stopped');
    await stack.start('order');
    expect(await health()).toBe(200);
    expect(existsSync(join(dir, 'order-service.log'))).toBe(true);
  });
});
