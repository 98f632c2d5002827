import {
  BrokerClients,
  KAFKA_TARGETS,
  kafkaCaseArbitrary,
  RABBIT_TARGETS,
  rabbitCaseArbitrary,
} from './brokers';
import { checkProperty, type Finding } from './failures';
import { discoverGrpcMethods, grpcCaseArbitrary, RawGrpcClients } from './grpc';
import { discoverHttpOperations, httpCaseArbitrary, sendHttpCase } from './http';
import { startFuzzStack } from './stack';
import { obtainCredentials } from './tokens';

export interface FuzzOptions {
  seed: number;
  /** Generated cases per target (each HTTP operation, gRPC method, queue and topic is one target). */
  runs: number;
  /** Only the targets whose name contains this (e.g. `Kafka`, `POST /orders`); all by default. */
  only?: string;
  /** Progress lines (target by target); silent by default. */
  log?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  /** Every target fuzzed, e.g. `HTTP POST /orders (order-service)`. */
  targets: string[];
  findings: Finding[];
}

/** Errors nobody caught while the services ran in this process: each would have crashed a service. */
function watchCrashes(): { stop(): Finding[] } {
  const crashes: Finding[] = [];
  const onError = (kind: string) => (error: unknown) => {
    crashes.push({
      target: `process (${kind})`,
      report: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  };
  const onException = onError('uncaughtException');
  const onRejection = onError('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    stop: () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
      return crashes;
    },
  };
}

/**
 * Starts the five services (stack.ts), then drives every HTTP operation their OpenAPI documents list,
 * every gRPC method of the .proto files and every queue/topic they consume with `runs` generated cases
 * each (seeded: the same seed and runs generate the same cases). Afterwards every /health must answer
 * 200, every consumed queue must drain, every consumer group must catch up, and — once the services are
 * closed — no message may reappear (one left unacked would).
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const crashes = watchCrashes();
  const findings: Finding[] = [];
  const targets: string[] = [];
  const stack = await startFuzzStack();
  let brokers: BrokerClients | undefined;
  const grpcClients = new RawGrpcClients();
  try {
    const credentials = await obtainCredentials(stack.auth.httpUrl);
    brokers = await BrokerClients.connect(stack.rabbitmqUrl, stack.kafka.bootstrap);
    const connected = brokers;
    let index = 0;
    const property = { numRuns: options.runs };
    const next = () => ({ ...property, seed: options.seed + index++ });
    const selected = (target: string) => options.only === undefined || target.includes(options.only);
    const record = (target: string, finding: Finding | undefined) => {
      targets.push(target);
      log(`${finding === undefined ? 'ok  ' : 'FAIL'} ${target}`);
      if (finding !== undefined) findings.push(finding);
    };

    for (const operation of await discoverHttpOperations(stack.httpUrls)) {
      const target = `HTTP ${operation.method} ${operation.path} (${operation.service})`;
      if (!selected(target)) continue;
      record(
        target,
        await checkProperty(
          target,
          httpCaseArbitrary(operation),
          (c) => sendHttpCase(operation, c, credentials),
          next(),
        ),
      );
    }
    for (const method of discoverGrpcMethods({
      auth: stack.auth.grpcUrl,
      inventory: stack.inventory.grpcUrl,
    })) {
      const target = `gRPC ${method.path}`;
      if (!selected(target)) continue;
      record(
        target,
        await checkProperty(
          target,
          grpcCaseArbitrary(method),
          (c) => grpcClients.send(method, c, credentials),
          next(),
        ),
      );
    }
    for (const rabbit of RABBIT_TARGETS) {
      const target = `RabbitMQ ${rabbit.name}`;
      if (!selected(target)) continue;
      record(
        target,
        await checkProperty(target, rabbitCaseArbitrary(rabbit), (c) => connected.publish(rabbit, c), next()),
      );
    }
    for (const kafka of KAFKA_TARGETS) {
      const target = `Kafka ${kafka.topic}`;
      if (!selected(target)) continue;
      record(
        target,
        await checkProperty(target, kafkaCaseArbitrary(kafka), (c) => connected.produce(kafka, c), next()),
      );
    }

    if (targets.length === 0)
      throw new Error(
        `--only ${JSON.stringify(options.only)} matches no target; targets are named like ` +
          '"HTTP POST /orders (order)", "gRPC /commlab.inventory.v1.InventoryService/ReserveStock", ' +
          '"RabbitMQ notifications.send", "Kafka orders" (a case-sensitive substring)',
      );
    log('waiting for the queues to drain and the consumer groups to catch up');
    const stuck = await brokers.waitForQueuesDrained(30_000);
    if (Object.keys(stuck).length > 0)
      findings.push({
        target: 'RabbitMQ queues',
        report: `not drained after 30 s: ${JSON.stringify(stuck)}; consumers: ${JSON.stringify(await brokers.consumerCounts())}`,
      });
    const lag = await brokers.waitForKafkaCaughtUp(30_000);
    if (Object.keys(lag).length > 0)
      findings.push({
        target: 'Kafka consumer groups',
        report: `still behind after 30 s: ${JSON.stringify(lag)}`,
      });

    for (const [service, url] of Object.entries(stack.httpUrls)) {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) }).catch(
        (error: unknown) => ({ status: 0, text: () => Promise.resolve(String(error)) }),
      );
      if (response.status !== 200)
        findings.push({
          target: `${service} /health`,
          report: `answered ${String(response.status)} after the run: ${await response.text()}`,
        });
    }

    // Closed consumers give their unacked messages back: one the services never settled shows up now.
    await stack.closeServices();
    // Only what grew counts: messages already reported as not drained are not reported twice.
    const returned = Object.fromEntries(
      Object.entries(await brokers.queueDepths()).filter(([queue, depth]) => depth > (stuck[queue] ?? 0)),
    );
    if (Object.keys(returned).length > 0)
      findings.push({
        target: 'RabbitMQ queues',
        report: `messages left unacked, back in their queues once the services closed: ${JSON.stringify(returned)}`,
      });
  } finally {
    grpcClients.close();
    await brokers?.close();
    await stack.stop();
    findings.push(...crashes.stop());
  }
  return { seed: options.seed, runs: options.runs, targets, findings };
}

/** The report as printed: each finding with its shrunk counterexample and how to replay it. */
export function formatFuzzReport(report: FuzzReport): string {
  const head =
    `fuzzed ${String(report.targets.length)} targets × ${String(report.runs)} cases, seed ${String(report.seed)}: ` +
    (report.findings.length === 0 ? 'no invariant broken' : `${String(report.findings.length)} finding(s)`);
  const body = report.findings.map(
    (finding, index) => `\n#${String(index + 1)} ${finding.target}\n${finding.report}`,
  );
  const replay =
    report.findings.length === 0
      ? ''
      : `\n\nreplay: pnpm fuzz --seed ${String(report.seed)} --runs ${String(report.runs)}`;
  return head + body.join('\n') + replay;
}
