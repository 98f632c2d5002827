import amqp from 'amqplib';
import Redis from 'ioredis';

import type { Scenario } from './scenario';

/** A broker the selected scenarios need is not reachable; the message says how to start it. */
export class ServerMissingError extends Error {}

const TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer from ${what} within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}

function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

async function probeRabbitMq(url: string): Promise<void> {
  try {
    const connection = await withTimeout(amqp.connect(url, { timeout: TIMEOUT_MS }), 'RabbitMQ');
    await connection.close();
  } catch (error) {
    throw new ServerMissingError(
      `RabbitMQ is not reachable at ${redact(url)} (${reason(error)}). Start it (rabbitmq-server -detached, ` +
        `or docker compose --profile infra up -d rabbitmq), set RABBITMQ_URL, or leave out its scenarios with --scenario.`,
    );
  }
}

async function probeRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), 'Redis');
    await withTimeout(client.ping(), 'Redis');
  } catch (error) {
    throw new ServerMissingError(
      `Redis is not reachable at ${redact(url)} (${reason(error)}). Start it (redis-server --daemonize yes, ` +
        `or docker compose --profile infra up -d redis), set REDIS_URL, or leave out its scenarios with --scenario.`,
    );
  } finally {
    client.disconnect();
  }
}

/** Fails fast, before any setup, when a server the scenarios need is down (Kafka is started or probed by its scenarios). */
export async function probeServers(
  scenarios: readonly Scenario[],
  endpoints: { rabbitmqUrl: string; redisUrl: string },
): Promise<void> {
  const needs = new Set(scenarios.flatMap((s) => s.needs));
  const problems: string[] = [];
  if (needs.has('rabbitmq'))
    await probeRabbitMq(endpoints.rabbitmqUrl).catch((e: unknown) => problems.push(reason(e)));
  if (needs.has('redis'))
    await probeRedis(endpoints.redisUrl).catch((e: unknown) => problems.push(reason(e)));
  if (problems.length > 0) throw new ServerMissingError(problems.join('\n'));
}
