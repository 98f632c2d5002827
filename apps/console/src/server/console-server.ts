import { resolve } from 'node:path';

import fastifyStatic from '@fastify/static';
import { stackControlSocket } from '@commlab/stack-ops';
import Fastify, { type FastifyInstance, LogController } from 'fastify';

import { BenchRuns } from '../bench/bench-runs';
import type { ConsoleConfig } from '../config/console.config';
import { Faults } from '../faults/faults';
import { StackControl } from '../faults/stack-control';
import { KafkaWatch } from '../kafka/kafka-watch';
import { LiveHub } from '../live/live-hub';
import { LiveSubscriber } from '../live/live-subscriber';
import { OrderClient } from '../orders/order-client';
import { Placements } from '../orders/placements';
import { WebhookSink } from '../orders/webhook-sink';
import { QueueWatch } from '../queues/queue-watch';
import { asyncApiRoutes } from '../routes/asyncapi-routes';
import { benchRoutes } from '../routes/bench-routes';
import { brokerRoutes } from '../routes/broker-routes';
import { faultRoutes } from '../routes/fault-routes';
import { liveRoutes } from '../routes/live-routes';
import { orderRoutes } from '../routes/order-routes';
import { stockRoutes } from '../routes/stock-routes';
import { serviceUrls } from '../services/service-urls';
import { StatusWatch } from '../status/status-watch';
import type { ConsoleParts } from './console-parts';
import { errorReply } from './error-reply';
import { Demand } from './demand';
import { SseHub } from './sse-hub';

export interface RunningConsole {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartConsoleOptions {
  /** The page's static build (index.html and assets). */
  webDir: string;
  /** Resolves relative COMMLAB_DATA_DIR and BENCH_RESULTS_DIR (default: the working directory). */
  baseDir?: string;
}

/**
 * A request from another web site must not drive the console (stop services, place orders): API writes
 * take JSON only (a cross-site JSON POST needs a CORS preflight, which the console never grants), and a
 * browser's Origin must be the console's own host.
 */
function guardWrites(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !request.url.startsWith('/api/')) return;
    const origin = request.headers.origin;
    if (origin !== undefined && new URL(origin).host !== request.headers.host) {
      await reply
        .status(403)
        .send({ code: 'FOREIGN_ORIGIN', message: `requests from ${origin} are refused` });
      return;
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      await reply
        .status(415)
        .send({ code: 'JSON_ONLY', message: 'send JSON (content-type: application/json)' });
    }
  });
}

function consoleParts(
  config: ConsoleConfig,
  baseDir: string,
  callbackUrl: () => string | undefined,
): ConsoleParts {
  const urls = serviceUrls(config);
  const sse = new SseHub();
  const demand = new Demand(() => sse.size);
  const live = new LiveHub(sse);
  const subscriber = new LiveSubscriber(config.REDIS_URL, (line) => {
    live.add(line);
  });
  const stack = new StackControl(
    stackControlSocket(resolve(baseDir, config.COMMLAB_DATA_DIR)),
    config.CONSOLE_CALL_TIMEOUT_MS,
  );
  const status = new StatusWatch(config, stack, subscriber, (snapshot) => {
    sse.broadcast('status', snapshot);
  });
  const queues = new QueueWatch(config.RABBITMQ_URL);
  const webhooks = new WebhookSink(config.WEBHOOK_SIGNING_SECRET);
  const kafka = new KafkaWatch(config.KAFKA_BROKERS);
  const placements = new Placements({
    client: new OrderClient({
      authUrl: urls['auth-service'],
      orderUrl: urls['order-service'],
      timeoutMs: config.CONSOLE_CALL_TIMEOUT_MS,
    }),
    recent: live.recent,
    webhooks,
    callbackUrl,
    queueDepth: async (queue) => {
      await queues.fresh();
      return queues.latest(queue);
    },
    groupLag: async (group, topic) => {
      await kafka.fresh();
      return kafka.lagOf(group, topic);
    },
  });
  live.onLine((line) => {
    placements.observe(line);
  });
  subscriber.start();
  return {
    config,
    urls,
    sse,
    demand,
    live,
    status,
    placements,
    webhooks,
    queues,
    kafka,
    faults: new Faults(stack),
    bench: new BenchRuns(resolve(baseDir, config.BENCH_RESULTS_DIR)),
    subscriber,
  };
}

/**
 * The console: its API (/api/…), the page's live event stream, the webhook receiver for its orders
 * (/hooks/orders) and the page itself (static files, every other path answers index.html so the page's
 * own routes work on reload).
 */
export async function startConsole(
  config: ConsoleConfig,
  options: StartConsoleOptions,
): Promise<RunningConsole> {
  const baseDir = options.baseDir ?? process.cwd();
  const app = Fastify({
    logger: { level: config.LOG_LEVEL, name: 'console' },
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
  });
  // The port may be 0 (tests): the default callback URL is only known after listen.
  let callbackUrl = config.CONSOLE_CALLBACK_URL;
  const parts = consoleParts(config, baseDir, () => callbackUrl);
  guardWrites(app);
  app.setErrorHandler(errorReply);
  app.get('/health', () => ({ status: 'ok' }));
  liveRoutes(app, parts);
  orderRoutes(app, parts);
  brokerRoutes(app, parts);
  stockRoutes(app, parts);
  faultRoutes(app, parts);
  benchRoutes(app, parts);
  asyncApiRoutes(app);
  await app.register(fastifyStatic, { root: options.webDir, wildcard: true, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/hooks/'))
      return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no ${request.method} ${request.url} here` });
  });

  const address = await app.listen({ host: config.BIND_HOST, port: config.CONSOLE_PORT });
  const host = config.BIND_HOST === '0.0.0.0' ? '127.0.0.1' : config.BIND_HOST;
  const url = `http://${host}:${new URL(address).port}`;
  if (callbackUrl === undefined && config.COMMLAB_ENV === 'development') callbackUrl = `${url}/hooks/orders`;
  const wanted = () => parts.demand.wanted();
  parts.status.start(wanted);
  parts.queues.start(wanted);
  parts.kafka.start(wanted);

  return {
    url,
    app,
    close: async () => {
      await parts.faults.close();
      await Promise.all([parts.status.stop(), parts.queues.stop(), parts.kafka.stop()]);
      parts.live.close();
      parts.sse.close();
      await parts.subscriber.close();
      await app.close();
    },
  };
}
