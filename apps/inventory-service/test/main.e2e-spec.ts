import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import { freePort, waitFor } from '@commlab/testing';

import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

jest.setTimeout(60_000);

const rabbitmqUrl = useThrowawayRabbitMq('inventory-main');

const PACKAGE_DIR = join(__dirname, '..');

/** Runs `src/main.ts` the way `pnpm start` does, with only the given commlab variables. */
function runMain(variables: Record<string, string>) {
  const { PATH, HOME } = processEnv();
  const child = spawn(
    process.execPath,
    ['--conditions=@commlab/source', '-r', '@swc-node/register', 'src/main.ts'],
    {
      cwd: PACKAGE_DIR,
      // @swc-node/register compiles with the repo's tsconfig (decorators and their metadata).
      env: { PATH, HOME, SWC_NODE_PROJECT: join(PACKAGE_DIR, '..', '..', 'tsconfig.json'), ...variables },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, exited, output: () => output };
}

describe('inventory-service main.ts', () => {
  let running: ChildProcess | undefined;

  afterAll(() => {
    if (running?.exitCode === null) running.kill('SIGKILL');
  });

  it('starts from the environment, serves, and shuts down on SIGTERM', async () => {
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    const main = runMain({
      COMMLAB_ENV: 'development',
      INVENTORY_HTTP_PORT: String(httpPort),
      INVENTORY_GRPC_PORT: String(grpcPort),
      INVENTORY_DATA_DIR: 'memory://',
      RABBITMQ_URL: rabbitmqUrl(),
    });
    running = main.child;
    await waitFor(
      () => main.output().includes('inventory-service listening') || main.child.exitCode !== null,
      {
        timeoutMs: 45_000,
        intervalMs: 100,
        description: 'the "listening" log line',
      },
    );
    expect(main.output()).toContain(
      `HTTP http://127.0.0.1:${httpPort} (docs http://127.0.0.1:${httpPort}/docs), gRPC 127.0.0.1:${grpcPort}`,
    );
    const stock = await fetch(`http://127.0.0.1:${httpPort}/stock/mug-red`);
    expect(await stock.json()).toEqual({
      sku: 'mug-red',
      available: 100,
      unitPriceCents: 1250,
      currency: 'USD',
    });

    main.child.kill('SIGTERM');
    const { code, signal } = await main.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await expect(fetch(`http://127.0.0.1:${httpPort}/health`)).rejects.toThrow();
  });

  it('refuses a bad configuration with exit code 1 naming the variable', async () => {
    const main = runMain({ INVENTORY_HTTP_PORT: 'not-a-port', INVENTORY_DATA_DIR: 'memory://' });
    running = main.child;
    const { code } = await main.exited;
    expect(code).toBe(1);
    expect(main.output()).toContain('INVENTORY_HTTP_PORT');
  });
});
