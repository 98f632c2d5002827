import type { PlacedOrders } from './hops/placed-orders';
import type { CallOutcome } from './measure/call-end';
import type { WatchedProcess } from './processes/cpu-accounting';

/**
 * What every benchmark scenario implements. A scenario owns its connections (and, for raw and framework
 * pairs, its server, in a process of its own: servers/server-process.ts): `setup` creates them once, `call` does one operation on them, `close` releases them. The
 * harness times `call` only, so `call` must not log, connect or allocate more than the operation needs.
 *
 * - Request-reply scenarios: `call` resolves when the reply has arrived and been read.
 * - One-way scenarios: `call` resolves when the HANDLER on the consuming side has received the message
 *   (its receipt, stamped there: measure/call-end.ts), not when the publish returned: the latency is
 *   publish → handler.
 */

export type ScenarioGroup = 'harness' | 'request-reply' | 'one-way' | 'end-to-end' | 'token-verification';

export type ScenarioTransport = 'in-process' | 'tcp' | 'rest' | 'grpc' | 'rabbitmq' | 'kafka' | 'redis';

/**
 * - `raw`: the transport's plain client library against a minimal server — the baseline.
 * - `framework`: commlab's real path (NestJS clients and services).
 * - `floor`: the cheapest round trip the machine can do (raw TCP echo).
 * - `harness`: the bench measuring itself (a no-op call through the same loop).
 */
export type ScenarioKind = 'raw' | 'framework' | 'floor' | 'harness';

/**
 * - `processes`: commlab's services as processes of a `pnpm start` the bench starts (the default);
 * - `stack`: a running stack (`pnpm start` or compose) at commlab's ports.
 */
export type BenchTarget = 'processes' | 'stack';

/** Where the brokers are for this run. */
export interface BenchEndpoints {
  rabbitmqUrl: string;
  redisUrl: string;
  /**
   * PostgreSQL for the services' stores (DATABASE_URL; `processes`: a database of their own); unset = PGlite.
   */
  databaseUrl?: string;
  /**
   * Kafka bootstrap brokers, and where that broker runs (for the reports). Except with `--target stack` it is
   * a kafka-lite the bench starts in a process of its own on first use (`process`: its pid, for the CPU
   * per operation), unless BENCH_KAFKA_BROKERS names one.
   */
  kafka(): Promise<{ brokers: string[]; where: string; process?: WatchedProcess }>;
}

export interface ScenarioContext {
  target: BenchTarget;
  quick: boolean;
  /** Most calls the harness will have in flight at once (closed-loop concurrency, open-loop slots). */
  maxInFlight: number;
  /** Unique per bench run: use it in queue, topic, group and channel names so runs never collide. */
  runId: string;
  endpoints: BenchEndpoints;
  /** Progress and diagnostics for the user (stderr). Never on the hot path. */
  log(line: string): void;
}

export interface ScenarioInstance {
  /**
   * One operation; see the file comment for when it must resolve. Rejects on any failure. Resolves with
   * nothing, or with the `process.hrtime.bigint()` at which the operation ended in another process (a
   * one-way consumer in a server process): the latency then ends there (measure/call-end.ts).
   */
  call(): CallOutcome;
  /** Closes every connection and server `setup` opened. */
  close(): Promise<void>;
  /** Where the parts ran, e.g. "client and server in the bench process; RabbitMQ external". */
  placement: string;
  /** Bytes of the request and reply as sent on this transport (body/payload only). */
  payloadBytes: { request: number; reply?: number };
  /**
   * The processes that serve the calls (raw and framework pairs: the server process and the broker;
   * service scenarios: the stack's), as they are now: the CPU time each spends during the measured runs is
   * reported per operation. Unset: not measured (the harness).
   */
  processes?: () => WatchedProcess[];
  /** End-to-end order scenarios: the orders their calls placed, whose traces make the row's hop bar. */
  placedOrders?: PlacedOrders;
}

export interface Scenario {
  /** Unique, dotted: `<group short>.<transport>.<kind>[.<variant>]`, e.g. `rr.grpc.raw`. */
  name: string;
  group: ScenarioGroup;
  transport: ScenarioTransport;
  kind: ScenarioKind;
  /** One line for `--list` and the reports. */
  description: string;
  /**
   * The raw scenario a row is compared with (`×raw`). Framework and service rows default to the first
   * `raw` scenario of the same transport and group; a raw row without one is its own baseline (1.00×),
   * one with one (`rr.rest.raw.fastify` → `rr.rest.raw`) shows what its server adds to the plain one.
   */
  baseline?: string;
  /** External servers it needs (checked before any setup, with a clear message when absent). */
  needs: readonly ('rabbitmq' | 'redis' | 'kafka')[];
  setup(context: ScenarioContext): Promise<ScenarioInstance>;
}
