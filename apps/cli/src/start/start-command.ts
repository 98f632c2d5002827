import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ConfigError, loadConfig, processEnv } from '@commlab/config';
import { kafkaTopicLayout } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { LiveFeed } from '@commlab/messaging-redis';
import { DEFAULT_PGLITE_TEMPLATE_DIR, pgliteTemplateFile, preparePgliteTemplate } from '@commlab/persistence';
import { Logger } from '@nestjs/common';
import { type RunningTraceStore, startTraceStoreServer } from '@commlab/trace-store';

import { repoRoot } from '../repo-root';
import type { CommandIo } from './command-io';
import { portProblem } from './port-check';
import { DEFAULT_RESTART_POLICY, probeDependencies, stackControlSocket } from '@commlab/stack-ops';
import { startStackControlServer } from '../stack/stack-control-server';
import { StackSupervisor } from '../stack/stack-supervisor';
import { consoleEntry, consoleEnv, startConsoleProcess } from './console-process';
import { type RunningService, stopService, tail } from './service-process';
import { stdinEnded } from './stdin-ended';
import { type StartConfig, startConfigSchema } from './start.config';
import { findServices, type ServicePresence } from './stack-services';
import { supervisorFeedLine, supervisorLine } from './supervisor-report';
import { storesLine } from './stores-line';

const DEMO_LOGINS = ['alice@example.com / alice-password', 'bob@example.com / bob-password'];

/**
 * `pnpm start`: the whole stack on this machine, no Docker. kafka-lite runs in this process; each
 * service that exists in apps/ runs as a child process from its sources. Prints the URLs once every
 * service answers /health, then keeps running until Ctrl-C, which stops everything gracefully. A service
 * that crashes meanwhile is started again after a backoff (RESTART_ON_CRASH), the rest untouched; each
 * crash and restart is printed and posted on the live feed (service "stack").
 */
export async function startCommand(io: CommandIo, stopRequested: AbortSignal): Promise<number> {
  let config: StartConfig;
  try {
    config = loadConfig(startConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`commlab start: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const signal = config.STOP_WHEN_STDIN_CLOSES
    ? AbortSignal.any([stopRequested, stdinEnded(process.stdin)])
    : stopRequested;
  if (config.STOP_WHEN_STDIN_CLOSES)
    signal.addEventListener(
      'abort',
      () => {
        if (!stopRequested.aborted)
          io.err('commlab start: stdin closed (the program that started this stack is gone), stopping');
      },
      { once: true },
    );

  const root = repoRoot();
  const dataDir = resolve(root, config.COMMLAB_DATA_DIR);
  const services = findServices(root, config);
  const present = services.filter((s): s is ServicePresence & { entry: string } => s.entry !== undefined);

  io.out('commlab start: the local stack, no Docker');
  const preflight = await checkBeforeStarting(io, config, services);
  if (preflight !== undefined) return preflight;

  let kafkaLite: KafkaLite | undefined;
  let traceStore: RunningTraceStore | undefined;
  let supervisor: StackSupervisor | undefined;
  let control: { close: () => Promise<void> } | undefined;
  let consoleProcess: RunningService | undefined;
  // Crashes and restarts go on the live feed too (fire-and-forget: a Redis that is down costs nothing).
  // Its client is NestJS's ClientRedis, which logs every failed reconnect through Nest's Logger: this
  // process runs no Nest app, so that logger is off, or a Redis that is down would flood this console.
  Logger.overrideLogger(false);
  const liveFeed = new LiveFeed({ url: config.REDIS_URL, service: 'stack' });
  const restartPolicy = config.RESTART_ON_CRASH
    ? { ...DEFAULT_RESTART_POLICY, maxDelayMs: config.RESTART_MAX_BACKOFF_MS }
    : undefined;
  const stopAll = async () => {
    // First: no restart may race the shutdown.
    supervisor?.stopRestarting();
    if (consoleProcess !== undefined) await stopService(consoleProcess);
    await control?.close();
    await supervisor?.stopAll();
    await kafkaLite?.close();
    // Last: the services' final spans arrive while they shut down.
    await traceStore?.close();
    await liveFeed.close();
  };

  try {
    let kafkaBrokers = config.KAFKA_BROKERS.join(',');
    if (config.KAFKA_LITE) {
      kafkaLite = await startKafkaLite({
        port: config.KAFKA_LITE_PORT,
        dataDir: join(dataDir, 'kafka-lite'),
        topics: kafkaTopicLayout(),
        // Like docker-compose.yml (KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: 0): services start consuming
        // at once instead of waiting Kafka's default 3 s for more group members.
        groupInitialRebalanceDelayMs: 0,
        retentionMs: config.KAFKA_LITE_RETENTION_MS,
      });
      kafkaBrokers = kafkaLite.bootstrap;
      io.out(
        `  ✓ kafka-lite           ${kafkaLite.bootstrap} (data in ${join(config.COMMLAB_DATA_DIR, 'kafka-lite')})`,
      );
    }

    let tracesTo = config.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (config.TRACE_STORE && tracesTo === undefined) {
      traceStore = await startTraceStoreServer({ port: config.TRACE_STORE_PORT });
      tracesTo = traceStore.url;
      io.out(`  ✓ trace store          ${traceStore.url} (OTLP/HTTP in; pnpm trace <order-id> reads it)`);
    } else if (tracesTo !== undefined) {
      io.out(`  ✓ traces to            ${tracesTo} (OTEL_EXPORTER_OTLP_ENDPOINT)`);
    }

    if (present.length === 0) {
      io.out('');
      io.out('No service exists in apps/ yet, so only the brokers run. Press Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          resolve();
        });
      });
      await stopAll();
      return 0;
    }

    const logDir = join(dataDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const baseEnv = {
      ...processEnv(),
      KAFKA_BROKERS: kafkaBrokers,
      ...(tracesTo === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: tracesTo }),
    };
    const stack = new StackSupervisor(present, {
      cwd: root,
      logDir,
      startTimeoutMs: config.START_TIMEOUT_MS,
      // Each service's PGlite store lives under COMMLAB_DATA_DIR unless its own variable says otherwise.
      envFor: (service) => ({
        [`${service.name.replace(/-service$/, '').toUpperCase()}_DATA_DIR`]: join(dataDir, service.name),
        ...baseEnv,
      }),
      restartPolicy,
      onEvent: (event) => {
        const line = supervisorLine(event, DEFAULT_RESTART_POLICY.crashLoopWindowMs);
        io[line.stream](line.text);
        const posted = supervisorFeedLine(event);
        liveFeed.publish(posted.event, posted.fields);
      },
    });
    supervisor = stack;
    if (config.DATABASE_URL === undefined && !existsSync(pgliteTemplateFile(DEFAULT_PGLITE_TEMPLATE_DIR))) {
      io.out(`  … PGlite: running initdb once, for every new store (${DEFAULT_PGLITE_TEMPLATE_DIR})`);
      await preparePgliteTemplate(DEFAULT_PGLITE_TEMPLATE_DIR, {
        log: () => undefined,
        warn: (line) => {
          io.err(`commlab start: ${line}`);
        },
      });
    }
    io.out(
      `  … starting ${present.map((p) => p.service.name).join(', ')} (logs in ${join(config.COMMLAB_DATA_DIR, 'logs')})`,
    );
    const failed = await stack.startAll();
    if (failed.length > 0) {
      for (const { name, problem, logFile } of failed) {
        io.err(`commlab start: ${name} ${problem}. Last lines of ${logFile}:\n${tail(logFile)}`);
      }
      await stopAll();
      return 1;
    }
    control = await startStackControlServer(stack, stackControlSocket(dataDir));
    const webConsole = consoleEntry(root);
    if (webConsole !== undefined) {
      io.out(`  … starting the console (the first start builds its page)`);
      const started = await startConsoleProcess(webConsole, {
        cwd: root,
        env: consoleEnv(config, dataDir, baseEnv),
        logDir,
        port: config.CONSOLE_PORT,
        timeoutMs: config.START_TIMEOUT_MS,
      });
      consoleProcess = started.running;
      if (started.problem !== undefined) {
        io.err(
          `commlab start: the console ${started.problem}. Last lines of ${started.running.logFile}:\n${tail(started.running.logFile)}`,
        );
        await stopAll();
        return 1;
      }
      void started.running.exited.then((reason) => {
        if (!signal.aborted)
          io.err(
            `commlab start: the console stopped (${reason}; see ${started.running.logFile}); the services keep running`,
          );
      });
    }
    printReady(
      io,
      present.map((p) => p.service.name),
      config,
      webConsole !== undefined,
    );

    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => {
        resolve();
      });
    });
    io.out('commlab start: stopping…');
    await stopAll();
    return 0;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function checkBeforeStarting(
  io: CommandIo,
  config: StartConfig,
  services: ServicePresence[],
): Promise<number | undefined> {
  const present = services.filter((s) => s.entry !== undefined);
  const dependencies = await probeDependencies(config, config.KAFKA_LITE ? undefined : config.KAFKA_BROKERS);
  for (const status of dependencies) {
    const mark = status.reachable ? '✓' : '✗';
    io.out(
      `  ${mark} ${status.dependency.padEnd(20)} ${status.address}${status.problem ? `  — ${status.problem}` : ''}`,
    );
  }
  for (const { service } of services.filter((s) => s.entry === undefined)) {
    io.out(`  · ${service.name.padEnd(20)} not there yet`);
  }
  const blocking = dependencies.filter(
    (status) => !status.reachable && present.some(({ service }) => service.needs.includes(status.dependency)),
  );
  for (const status of blocking) {
    io.err(
      `commlab start: ${status.dependency} is not reachable at ${status.address}: ${status.problem ?? ''}`,
    );
  }
  if (blocking.length > 0) return 1;

  const ports = [
    ...(config.KAFKA_LITE
      ? [{ what: 'kafka-lite', port: config.KAFKA_LITE_PORT, variable: 'KAFKA_LITE_PORT' }]
      : []),
    ...(consoleEntry(repoRoot()) === undefined
      ? []
      : [{ what: 'console', port: config.CONSOLE_PORT, variable: 'CONSOLE_PORT' }]),
    ...(config.TRACE_STORE && config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
      ? [{ what: 'the trace store', port: config.TRACE_STORE_PORT, variable: 'TRACE_STORE_PORT' }]
      : []),
    ...present.flatMap(({ service }) => {
      const short = service.name.replace('-service', '').toUpperCase();
      return [
        { what: `${service.name} HTTP`, port: service.httpPort, variable: `${short}_HTTP_PORT` },
        ...(service.grpcPort === undefined
          ? []
          : [{ what: `${service.name} gRPC`, port: service.grpcPort, variable: `${short}_GRPC_PORT` }]),
      ];
    }),
  ];
  for (const { what, port, variable } of ports) {
    const problem = await portProblem('127.0.0.1', port);
    if (problem !== undefined) {
      io.err(
        `commlab start: port ${port} (${what}) is not free (${problem}); is another stack running? Stop it, or set ${variable}.`,
      );
      return 1;
    }
  }
  return undefined;
}

function printReady(io: CommandIo, names: string[], config: StartConfig, withConsole: boolean): void {
  const urls: Record<string, string> = {
    'auth-service': `http://127.0.0.1:${config.AUTH_HTTP_PORT}  (gRPC 127.0.0.1:${config.AUTH_GRPC_PORT})`,
    'inventory-service': `http://127.0.0.1:${config.INVENTORY_HTTP_PORT}  (gRPC 127.0.0.1:${config.INVENTORY_GRPC_PORT})`,
    'order-service': `http://127.0.0.1:${config.ORDER_HTTP_PORT}`,
    'notification-service': `http://127.0.0.1:${config.NOTIFICATION_HTTP_PORT}`,
    'reporting-service': `http://127.0.0.1:${config.REPORTING_HTTP_PORT}`,
  };
  io.out('');
  io.out('commlab is up:');
  if (withConsole)
    io.out(
      `  ${'console'.padEnd(20)} http://127.0.0.1:${String(config.CONSOLE_PORT)}   ← open it in a browser`,
    );
  for (const name of names) io.out(`  ${name.padEnd(20)} ${urls[name] ?? ''}   docs: /docs`);
  if (names.includes('auth-service')) io.out(`  demo logins: ${DEMO_LOGINS.join(', ')}`);
  io.out(storesLine(config));
  io.out('Follow an order through every hop: pnpm trace <order-id>.');
  io.out('Stop, start or pause one service: pnpm stack stop|start|pause|resume <service>.');
  io.out(
    config.RESTART_ON_CRASH
      ? `A service that crashes is restarted (backoff 0.5 s doubling to ${String(config.RESTART_MAX_BACKOFF_MS / 1000)} s); one stopped with pnpm stack stays stopped.`
      : 'A service that crashes stays stopped (RESTART_ON_CRASH=false); pnpm stack start brings it back.',
  );
  io.out('Press Ctrl-C to stop.');
}
