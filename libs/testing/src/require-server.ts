import { infrastructureConfigSchema, loadConfig } from '@commlab/config';
import { connect } from 'node:net';

import amqp from 'amqplib';
import Redis from 'ioredis';
import pg from 'pg';

/**
 * Preconditions for integration tests: each one connects to the real server with its real client and
 * throws `ServerUnavailableError` — saying how to start the server — when it cannot. Call it in
 * `beforeAll`: the test file then fails with that message. It never skips.
 */
export class ServerUnavailableError extends Error {
  readonly code = 'TEST_SERVER_UNAVAILABLE';
}

const CONNECT_TIMEOUT_MS = 3000;

const HOW_TO_START = {
  RabbitMQ: [
    'rabbitmq-server -detached            (Debian package rabbitmq-server; wait a few seconds for it to boot)',
    'docker compose --profile infra up -d rabbitmq',
  ],
  Redis: [
    "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''   (Debian package redis-server)",
    'docker compose --profile infra up -d redis',
  ],
  PostgreSQL: [
    'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (Debian package postgresql)',
    'docker compose --profile infra up -d postgres',
  ],
} as const;

type ServerName = keyof typeof HOW_TO_START;

function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}

function unavailable(
  server: ServerName,
  url: string,
  variable: string,
  cause: unknown,
): ServerUnavailableError {
  const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
  const lines = [
    `${server} is not reachable at ${redactUrl(url)} (${reason}).`,
    `This test needs a real ${server} server. Start one with:`,
    ...HOW_TO_START[server].map((command) => `    ${command}`),
    `or point ${variable} at a running server.`,
  ];
  return new ServerUnavailableError(lines.join('\n'), { cause });
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer from ${what} within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function infrastructure() {
  return loadConfig(infrastructureConfigSchema);
}

/** Opens and closes an AMQP connection. Returns the URL that worked. */
export async function requireRabbitMq(url = infrastructure().RABBITMQ_URL): Promise<string> {
  try {
    const connection = await withTimeout(
      amqp.connect(url, { timeout: CONNECT_TIMEOUT_MS, noDelay: true }),
      'RabbitMQ',
    );
    await connection.close();
    return url;
  } catch (error) {
    throw unavailable('RabbitMQ', url, 'RABBITMQ_URL', error);
  }
}

/** Resolves once a TCP connection to the URL's host and port opens. */
async function tcpProbe(url: string, defaultPort: number): Promise<void> {
  const { hostname, port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) });
    socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
      socket.destroy(new Error(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`)),
    );
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** Sends PING and expects PONG. Returns the URL that worked. */
export async function requireRedis(url = infrastructure().REDIS_URL): Promise<string> {
  // ioredis keeps a timer alive for ~2 s after a refused connection, which holds test runners open,
  // so a plain TCP probe answers the common "not running" case before the real client is used.
  try {
    await tcpProbe(url, 6379);
  } catch (error) {
    throw unavailable('Redis', url, 'REDIS_URL', error);
  }
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined); // reported through the rejected promise below
  try {
    await withTimeout(client.connect(), 'Redis');
    const pong: string = await withTimeout(client.ping(), 'Redis');
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    return url;
  } catch (error) {
    throw unavailable('Redis', url, 'REDIS_URL', error);
  } finally {
    client.disconnect();
  }
}

/** The PostgreSQL the tests use: DATABASE_URL, else the local server's `postgres` database. */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `SELECT 1`. Returns the URL that worked. */
export async function requirePostgres(
  url = infrastructure().DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (error) {
    throw unavailable('PostgreSQL', url, 'DATABASE_URL', error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
