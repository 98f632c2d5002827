import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { processEnv } from '@commlab/config';
import {
  freePort,
  requirePostgres,
  requireRedis,
  type ThrowawayVhost,
  throwawayVhost,
  waitFor,
} from '@commlab/testing';
import pg from 'pg';

import { type ComposeFile, serviceEnvironment } from '../src';
import { DOCKER_DIR, loadRepoCompose, REPO_ROOT } from './repo-files';

/**
 * Builds the three services' production bundles with infra/docker/build-service.sh (what the Dockerfile
 * runs), then starts each bundle with `node dist/main.js`, no TypeScript and no @commlab/source condition,
 * under docker-compose.yml's environment with the container hosts swapped for local ones: a throwaway
 * PostgreSQL database and RabbitMQ vhost, free ports. /health must answer 200, the image's healthcheck
 * script must pass, and SIGTERM must end each process with exit code 0.
 */

const run = promisify(execFile);

/** Prints `{user: directory of the kafkajs it loads}` for each package named in argv, resolved from dist/. */
const KAFKAJS_OF_EACH_USER = `
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const fromMain = createRequire(join(process.cwd(), 'dist', 'main.js'));
const copies = {};
for (const user of process.argv.slice(1)) copies[user] = dirname(createRequire(fromMain.resolve(user)).resolve('kafkajs'));
console.log(JSON.stringify(copies));`;
const SERVICES = ['auth-service', 'inventory-service', 'order-service'] as const;
type Service = (typeof SERVICES)[number];

interface Started {
  child: ChildProcess;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let bundles: string | undefined;
let compose: ComposeFile;
let adminUrl: string;
let database: string | undefined;
let vhost: ThrowawayVhost | undefined;
const started = new Map<Service, Started>();
const ports = new Map<string, number>();

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** compose's environment for a service, pointed at this machine instead of the compose network. */
async function localEnvironment(service: Service): Promise<Record<string, string>> {
  const definition = compose.services[service];
  if (definition === undefined) throw new Error(`docker-compose.yml has no ${service}`);
  const environment = serviceEnvironment(definition);
  const local: Record<string, string> = { ...environment, BIND_HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const variable of Object.keys(environment)) {
    if (/_(HTTP|GRPC)_PORT$/.test(variable)) local[variable] = String(ports.get(variable));
  }
  if (environment.DATABASE_URL !== undefined) local.DATABASE_URL = databaseUrl(adminUrl, required(database));
  if (environment.RABBITMQ_URL !== undefined) local.RABBITMQ_URL = required(vhost).url;
  if (environment.REDIS_URL !== undefined) local.REDIS_URL = await requireRedis();
  // No service connects to Kafka at start yet; the value only has to be valid (kafka-lite's default).
  if (environment.KAFKA_BROKERS !== undefined) local.KAFKA_BROKERS = '127.0.0.1:9092';
  if (environment.AUTH_GRPC_URL !== undefined)
    local.AUTH_GRPC_URL = `127.0.0.1:${ports.get('AUTH_GRPC_PORT')}`;
  if (environment.AUTH_HTTP_URL !== undefined) {
    local.AUTH_HTTP_URL = `http://127.0.0.1:${ports.get('AUTH_HTTP_PORT')}`;
  }
  if (environment.INVENTORY_GRPC_URL !== undefined) {
    local.INVENTORY_GRPC_URL = `127.0.0.1:${ports.get('INVENTORY_GRPC_PORT')}`;
  }
  if (environment.INVENTORY_HTTP_URL !== undefined) {
    local.INVENTORY_HTTP_URL = `http://127.0.0.1:${ports.get('INVENTORY_HTTP_PORT')}`;
  }
  return local;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('beforeAll did not finish');
  return value;
}

function httpPortVariable(service: Service): string {
  return `${service.replace('-service', '').toUpperCase()}_HTTP_PORT`;
}

/** Starts `node dist/main.js` in the bundle with only the given environment (plus PATH). */
function startBundle(service: Service, environment: Record<string, string>): Started {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: join(required(bundles), service),
    env: { PATH: processEnv().PATH, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    }),
  );
  return { child, output, exit };
}

async function healthy(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.status === 200;
}

beforeAll(async () => {
  ({ compose } = await loadRepoCompose());
  adminUrl = await requirePostgres();
  const name = `compose_check_${randomBytes(4).toString('hex')}`;
  await withAdminClient(`CREATE DATABASE ${name}`);
  database = name;
  vhost = await throwawayVhost('compose-check');
  for (const variable of [
    'AUTH_HTTP_PORT',
    'AUTH_GRPC_PORT',
    'INVENTORY_HTTP_PORT',
    'INVENTORY_GRPC_PORT',
    'ORDER_HTTP_PORT',
  ]) {
    ports.set(variable, await freePort());
  }
  const dir = await mkdtemp(join(tmpdir(), 'compose-check-bundles-'));
  bundles = dir;
  // The same script and arguments as the Dockerfile, all three services in one build.
  await run('sh', [join(DOCKER_DIR, 'build-service.sh'), dir, ...SERVICES], {
    cwd: REPO_ROOT,
    // Compiling every package the three services use takes about two minutes on 2 idle cores, more when
    // the rest of the suite runs beside it.
    timeout: 330_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}, 360_000);

afterAll(async () => {
  for (const { child, exit } of started.values()) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
  }
  if (database !== undefined) await withAdminClient(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await vhost?.drop();
  if (bundles !== undefined) await rm(bundles, { recursive: true, force: true });
}, 30_000);

describe('production bundles (infra/docker/build-service.sh)', () => {
  it.each(SERVICES)('%s holds compiled dist and production dependencies only', async (service) => {
    const root = join(required(bundles), service);
    await access(join(root, 'dist', 'main.js'));
    await access(join(root, 'node_modules', '@commlab', 'contracts', 'dist', 'index.js'));
    await access(join(root, 'node_modules', '@commlab', 'contracts', 'proto'));
    const missing = async (path: string): Promise<boolean> =>
      access(join(root, path)).then(
        () => false,
        () => true,
      );
    expect(await missing('src')).toBe(true);
    expect(await missing('node_modules/@commlab/contracts/src')).toBe(true);
    expect(await missing('node_modules/@commlab/testing')).toBe(true);
    expect(await missing('node_modules/jest')).toBe(true);
    expect(await missing('node_modules/typescript')).toBe(true);
  });

  it.each(['inventory-service', 'order-service'] as const)(
    '%s ships kafkajs with commlab’s patch (no idle 1 ms timer loop), for commlab and NestJS alike',
    async (service) => {
      const root = join(required(bundles), service);
      // Node's own resolution from the bundle, as `node dist/main.js` resolves: where each user's kafkajs is.
      const { stdout } = await run(
        process.execPath,
        ['-e', KAFKAJS_OF_EACH_USER, '@commlab/messaging-kafka', '@nestjs/microservices'],
        { cwd: root },
      );
      const copies = JSON.parse(stdout) as Record<string, string>;
      expect(Object.keys(copies)).toHaveLength(2);
      for (const kafkajs of Object.values(copies)) {
        const queue = await readFile(join(kafkajs, 'src', 'network', 'requestQueue', 'index.js'), 'utf8');
        expect(queue).toContain('if (this.throttleCheckTimeoutId || this.pending.length === 0) return');
      }
    },
  );

  it('start with compose-style env, answer /health, pass the image healthcheck and stop on SIGTERM with 0', async () => {
    // Dependencies first, as compose orders them.
    for (const service of SERVICES) {
      const environment = await localEnvironment(service);
      const running = startBundle(service, environment);
      started.set(service, running);
      const port = ports.get(httpPortVariable(service));
      try {
        await waitFor(() => healthy(`http://127.0.0.1:${port}/health`), {
          timeoutMs: 30_000,
          intervalMs: 200,
          description: `${service} /health answers 200`,
        });
      } catch (error) {
        throw new Error(`${service} did not become healthy. Output:\n${running.output.join('')}`, {
          cause: error,
        });
      }
      // The container's HEALTHCHECK script, with the env the image gives it.
      await run('sh', [join(DOCKER_DIR, 'healthcheck.sh')], {
        env: { PATH: processEnv().PATH, COMMLAB_SERVICE: service, [httpPortVariable(service)]: String(port) },
      });
    }
    // Dependents first on the way down.
    for (const service of [...SERVICES].reverse()) {
      const running = started.get(service);
      if (running === undefined) throw new Error(`${service} was not started`);
      running.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        running.exit,
        new Promise<'still running 15 s after SIGTERM'>((resolve) => {
          timer = setTimeout(() => {
            resolve('still running 15 s after SIGTERM');
          }, 15_000);
        }),
      ]);
      clearTimeout(timer);
      // A graceful stop ends with exit code 0 (a re-raised SIGTERM would read as a crash: exit 143).
      expect({ service, outcome }).toEqual({ service, outcome: { code: 0, signal: null } });
    }
  }, 120_000);
});
