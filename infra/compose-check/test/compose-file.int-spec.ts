import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { PORTS } from '@commlab/contracts';

import {
  checkCompose,
  type ComposeExpectations,
  composeSpecProblems,
  type ComposeFile,
  type ComposeService,
  expectedKafkaTopics,
  parseComposeFile,
  runTopicScript,
  serviceEnvironment,
} from '../src';
import { COMPOSE_PATH, DOCKER_DIR, loadRepoCompose, REPO_ROOT } from './repo-files';

const run = promisify(execFile);

/** Runs `docker-compose -f <file> config -q`; a missing binary is a failure with the install hint. */
async function composeConfig(file: string): Promise<{ ok: boolean; stderr: string }> {
  try {
    await run('docker-compose', ['-f', file, 'config', '-q'], { cwd: REPO_ROOT, timeout: 30_000 });
    return { ok: true, stderr: '' };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error('docker-compose is not installed: apt-get install docker-compose (the checks need it)');
    }
    return { ok: false, stderr: failure.stderr ?? String(error) };
  }
}

let compose: ComposeFile;
let expectations: ComposeExpectations;

beforeAll(async () => {
  ({ compose, expectations } = await loadRepoCompose());
});

/** A deep copy of the real compose file with one deliberate mistake. */
function broken(change: (services: Record<string, ComposeService>) => void): ComposeFile {
  const copy = structuredClone(compose);
  change(copy.services);
  return copy;
}

function service(services: Record<string, ComposeService>, name: string): ComposeService {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no ${name}`);
  return found;
}

function environmentOf(services: Record<string, ComposeService>, name: string): Record<string, string> {
  const target = service(services, name);
  const environment = serviceEnvironment(target);
  target.environment = environment;
  return environment;
}

function dependsOn(
  services: Record<string, ComposeService>,
  name: string,
): Record<string, { condition?: string }> {
  const target = service(services, name);
  const dependencies = target.depends_on;
  if (dependencies === undefined || Array.isArray(dependencies))
    throw new Error(`${name}: expected a depends_on map`);
  return dependencies;
}

describe('docker-compose.yml', () => {
  it('is accepted by docker-compose config', async () => {
    const result = await composeConfig(COMPOSE_PATH);
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
  });

  it('docker-compose config rejects a broken file (the check can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'compose-check-'));
    try {
      const file = join(dir, 'docker-compose.yml');
      await writeFile(
        file,
        'services:\n  a:\n    image: redis:7.4\n    depends_on:\n      b:\n        condition: service_bogus\n  b:\n    image: redis:7.4\n',
      );
      expect((await composeConfig(file)).ok).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("follows the Compose Specification (Compose v2's JSON schema)", async () => {
    expect(composeSpecProblems(await readFile(COMPOSE_PATH, 'utf8'))).toEqual([]);
  });

  it('the Compose Specification check rejects a broken file (the check can fail)', () => {
    const problems = composeSpecProblems(
      'x-defaults: &defaults\n  mem_limt: 64m\nservices:\n  a:\n    <<: *defaults\n    image: redis:7.4\n    depends_on:\n      b:\n        condition: service_bogus\n  b:\n    image: redis:7.4\n',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'services.a: must NOT have additional properties (mem_limt)',
        'services.a.depends_on.b.condition: must be equal to one of the allowed values',
      ]),
    );
  });

  it('passes every rule', () => {
    expect(checkCompose(compose, expectations)).toEqual([]);
  });

  it('runs the services that exist today and the brokers they need', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'auth-service',
        'console',
        'infra',
        'jaeger',
        'inventory-service',
        'kafka',
        'kafka-init',
        'order-service',
        'notification-service',
        'reporting-service',
        'postgres',
        'rabbitmq',
        'redis',
      ].sort(),
    );
    // `docker compose up -d infra` = brokers only: it waits for every broker and starts no service.
    const infra = service(compose.services, 'infra');
    expect(infra.profiles).toEqual(['infra']);
    expect(Object.keys(dependsOn(compose.services, 'infra')).sort()).toEqual(
      ['jaeger', 'kafka', 'kafka-init', 'postgres', 'rabbitmq', 'redis'].sort(),
    );
    // Every other service has no profile, so `docker compose up` starts them all.
    for (const [name, definition] of Object.entries(compose.services)) {
      if (name !== 'infra') expect(definition.profiles).toBeUndefined();
    }
  });

  it('merges the shared service defaults (anchors) into each service', () => {
    expect(service(compose.services, 'auth-service').healthcheck?.test).toEqual([
      'CMD',
      'sh',
      '/usr/local/bin/commlab-healthcheck',
    ]);
  });

  it('reads both environment forms (map and KEY=value list)', () => {
    const listForm = parseComposeFile('services:\n  a:\n    environment:\n      - A=1\n      - B=x=y\n');
    expect(serviceEnvironment(service(listForm.services, 'a'))).toEqual({ A: '1', B: 'x=y' });
  });
});

describe('each rule fails on a broken copy', () => {
  const cases: [string, (services: Record<string, ComposeService>) => void, RegExp][] = [
    [
      'a service without healthcheck',
      (services) => {
        delete service(services, 'redis').healthcheck;
      },
      /^redis: no healthcheck$/,
    ],
    [
      'a disabled healthcheck',
      (services) => {
        service(services, 'auth-service').healthcheck = { disable: true };
      },
      /^auth-service: no healthcheck$/,
    ],
    [
      'a DB user that does not wait for postgres',
      (services) => {
        const target = service(services, 'auth-service');
        delete target.depends_on;
      },
      /^auth-service: uses postgres but does not wait for it/,
    ],
    [
      'waiting only for the start, not the health',
      (services) => {
        const dependencies = dependsOn(services, 'order-service');
        dependencies.rabbitmq = { condition: 'service_started' };
      },
      /^order-service: uses rabbitmq but does not wait for it/,
    ],
    [
      'a Kafka user that does not wait for the topics',
      (services) => {
        const dependencies = dependsOn(services, 'inventory-service');
        delete dependencies['kafka-init'];
      },
      /^inventory-service: uses kafka-init but does not wait for it \(.*service_completed_successfully\)$/,
    ],
    [
      'a service URL without depends_on on that service',
      (services) => {
        const dependencies = dependsOn(services, 'order-service');
        delete dependencies['auth-service'];
      },
      /^order-service: uses auth-service but does not wait for it/,
    ],
    [
      'a variable pointing at the wrong service',
      (services) => {
        environmentOf(services, 'order-service').INVENTORY_HTTP_URL = 'http://auth-service:3001';
      },
      /^order-service: INVENTORY_HTTP_URL points at auth-service; expected the inventory-service service$/,
    ],
    [
      'a variable pointing at a port the service does not listen on',
      (services) => {
        environmentOf(services, 'order-service').AUTH_GRPC_URL = 'auth-service:50099';
      },
      /^order-service: AUTH_GRPC_URL uses auth-service:50099/,
    ],
    [
      'a variable pointing at a host that is not in compose',
      (services) => {
        environmentOf(services, 'order-service').REDIS_URL = 'redis://cache:6379';
      },
      /^order-service: REDIS_URL points at cache, which is not a compose service$/,
    ],
    [
      'an unknown variable',
      (services) => {
        environmentOf(services, 'auth-service').AUTH_TOKEN_TTL = '60';
      },
      /^auth-service: sets AUTH_TOKEN_TTL, which its config schema does not know$/,
    ],
    [
      'a variable of another service',
      (services) => {
        environmentOf(services, 'inventory-service').AUTH_GRPC_URL = 'auth-service:50051';
      },
      /^inventory-service: sets AUTH_GRPC_URL, which its config schema does not know$/,
    ],
    [
      'an invalid value',
      (services) => {
        environmentOf(services, 'order-service').DOWNSTREAM_TIMEOUT_MS = 'soon';
      },
      /^order-service: invalid environment: DOWNSTREAM_TIMEOUT_MS/,
    ],
    [
      'an invalid signing key',
      (services) => {
        environmentOf(services, 'auth-service').AUTH_SIGNING_KEY = '{"kty":"RSA"}';
      },
      /^auth-service: invalid environment: AUTH_SIGNING_KEY/,
    ],
    [
      'BIND_HOST left on loopback',
      (services) => {
        environmentOf(services, 'inventory-service').BIND_HOST = '127.0.0.1';
      },
      /^inventory-service: BIND_HOST must be 0\.0\.0\.0/,
    ],
    [
      'a service port that differs from the contracts',
      (services) => {
        environmentOf(services, 'auth-service').AUTH_HTTP_PORT = '4001';
      },
      /^auth-service: AUTH_HTTP_PORT is 4001; the contracts say 3001$/,
    ],
    [
      'a published port that differs from the contracts',
      (services) => {
        service(services, 'redis').ports = ['6380:6379'];
      },
      /^redis: publishes host ports \[6380\]; the contracts say \[6379\]$/,
    ],
    [
      'a service published on another container port',
      (services) => {
        service(services, 'order-service').ports = ['3000:8080'];
      },
      /^order-service: publishes 3000:8080/,
    ],
    [
      'an image without a tag',
      (services) => {
        service(services, 'postgres').image = 'postgres';
      },
      /^postgres: image postgres has no tag/,
    ],
    [
      'an image on latest',
      (services) => {
        service(services, 'kafka').image = 'apache/kafka:latest';
      },
      /^kafka: image apache\/kafka:latest is not pinned to a version$/,
    ],
    [
      'a built service without an image name and version',
      (services) => {
        delete service(services, 'order-service').image;
      },
      /^order-service: no image/,
    ],
    [
      'a container without a memory limit',
      (services) => {
        delete service(services, 'kafka-init').mem_limit;
      },
      /^kafka-init: no memory limit/,
    ],
    [
      'a DATABASE_URL naming a database the init script does not create',
      (services) => {
        environmentOf(services, 'order-service').DATABASE_URL =
          'postgres://postgres:commlab@postgres:5432/orders';
      },
      /^order-service: DATABASE_URL names database "orders"/,
    ],
    [
      'a topic with the wrong partition count',
      (services) => {
        environmentOf(services, 'kafka-init').COMMLAB_TOPICS =
          'orders:1 inventory:3 inventory.reserve-stock:3 inventory.reserve-stock.reply:3 orders.dlt:1 inventory.dlt:1';
      },
      /^kafka-init: topic orders is created with 1 partitions; the contracts say 3$/,
    ],
    [
      'a missing topic',
      (services) => {
        environmentOf(services, 'kafka-init').COMMLAB_TOPICS =
          'orders:3 inventory:3 inventory.reserve-stock:3 orders.dlt:1 inventory.dlt:1';
      },
      /^kafka-init: topic inventory\.reserve-stock\.reply \(3 partitions\) is not created$/,
    ],
    [
      'a topic the contracts do not know',
      (services) => {
        const environment = environmentOf(services, 'kafka-init');
        environment.COMMLAB_TOPICS = `${environment.COMMLAB_TOPICS ?? ''} payments:3`;
      },
      /^kafka-init: topic payments is created but is not in the contracts$/,
    ],
    [
      'a malformed topic list',
      (services) => {
        environmentOf(services, 'kafka-init').COMMLAB_TOPICS = 'orders=3';
      },
      /^kafka-init: COMMLAB_TOPICS entry "orders=3" is not <topic>:<partitions>$/,
    ],
    [
      'a built service with no known config schema',
      (services) => {
        services['audit-service'] = { ...service(services, 'auth-service'), ports: ['3009:3009'] };
      },
      /^audit-service: built from this repo but no config schema is known for it$/,
    ],
  ];

  it.each(cases)('%s', (_description, change, expected) => {
    const problems = checkCompose(broken(change), expectations);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('a required variable that compose does not set', async () => {
    const { z } = await import('zod');
    const schema = z.object({ WEBHOOK_SECRET: z.string().min(24), BIND_HOST: z.string().optional() });
    const problems = checkCompose(compose, {
      ...expectations,
      configSchemas: { ...expectations.configSchemas, 'auth-service': schema },
    });
    expect(problems).toContain('auth-service: does not set WEBHOOK_SECRET, which its config schema requires');
  });
});

describe('kafka-init', () => {
  it('creates exactly the contract topics when its script runs', async () => {
    const init = compose.services['kafka-init'];
    if (init === undefined) throw new Error('docker-compose.yml has no kafka-init');
    const command = Array.isArray(init.command) ? init.command[0] : init.command;
    expect(init.entrypoint).toEqual(['/bin/sh', '-c']);
    expect(typeof command).toBe('string');
    // `$$` is compose's escape for a literal `$`.
    const { calls, created } = await runTopicScript(String(command).replaceAll('$$', '$'), {
      COMMLAB_TOPICS: serviceEnvironment(init).COMMLAB_TOPICS ?? '',
    });
    for (const call of calls.filter((line) => line.includes('--create'))) {
      expect(call).toContain('--if-not-exists');
      expect(call).toContain('--bootstrap-server kafka:9092');
    }
    expect(created).toEqual(expectedKafkaTopics());
  });
});

describe('infra/docker', () => {
  it('healthcheck.sh uses the contract HTTP ports', async () => {
    const script = await readFile(join(DOCKER_DIR, 'healthcheck.sh'), 'utf8');
    const ports: Record<string, number> = {};
    for (const match of script.matchAll(/^\s*([a-z-]+)\) port="\$\{[A-Z_]+:-(\d+)\}"/gm)) {
      if (match[1] !== undefined) ports[match[1]] = Number(match[2]);
    }
    expect(ports).toEqual({
      'auth-service': PORTS.auth.http,
      'inventory-service': PORTS.inventory.http,
      'order-service': PORTS.order.http,
      'notification-service': PORTS.notification.http,
      'reporting-service': PORTS.reporting.http,
      console: PORTS.console.http,
    });
  });

  it('the Dockerfile builds with build-service.sh on a pinned multi-arch base and runs non-root from dist', async () => {
    const dockerfile = await readFile(join(DOCKER_DIR, 'Dockerfile'), 'utf8');
    // Pinned to a release of the current LTS line, Node.js 24.
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toContain('sh infra/docker/build-service.sh /out "${SERVICE}"');
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*commlab-healthcheck/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(dockerfile).not.toContain('--conditions');
  });

  it('.dockerignore keeps host builds and node_modules out of the image context', async () => {
    const ignore = (await readFile(join(REPO_ROOT, '.dockerignore'), 'utf8')).split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});
