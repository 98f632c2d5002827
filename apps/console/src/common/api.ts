/**
 * What the console's API answers, shared by the server (apps/console/src) and the page (apps/console/web).
 * Browser-safe: types and constants only.
 */
import type { FeedItem } from './feed';
import type { BrokerNode, HopStats, ServiceNode } from './topology';

/** An API error body: a stable code and a sentence for the page. */
export interface ApiProblem {
  code: string;
  message: string;
}

// ------------------------------------------------------------------ status

/** How a service looks from the console: its /health, and the stack's own view when `pnpm start` runs it. */
export type Health = 'up' | 'down' | 'not-answering' | 'unhealthy' | 'stopped' | 'paused' | 'starting';

export interface ServiceHealth {
  name: ServiceNode;
  url: string;
  health: Health;
  /** A sentence: why it is not up, and what brings it back. */
  detail: string;
}

export interface BrokerHealth {
  name: BrokerNode;
  address: string;
  reachable: boolean;
  detail?: string;
}

export interface StatusSnapshot {
  at: string;
  services: ServiceHealth[];
  brokers: BrokerHealth[];
  /** Whether the console is subscribed to the Redis live feed (without it: no live topology). */
  liveFeed: { connected: boolean; detail?: string };
}

/** Server-sent events on GET /api/events. */
export interface LiveEvents {
  hello: { status: StatusSnapshot; hops: HopStats[]; recent: FeedItem[] };
  feed: FeedItem;
  status: StatusSnapshot;
  hops: HopStats[];
}

// ------------------------------------------------------------------ orders

export const ORDER_TRANSPORTS = ['grpc', 'rest', 'rmq', 'kafka'] as const;
export const ORDER_AUTH_MODES = ['grpc', 'rest', 'jwks'] as const;
export const ORDER_MODES = ['sync', 'async'] as const;
/**
 * How an async order's saga runs (order-service's `?saga=`, libs/contracts SAGA_STYLES): orchestration —
 * order-service sends inventory a ReserveStock command over RabbitMQ; choreography — it announces
 * OrderAccepted on Kafka `orders` and inventory reacts.
 */
export const ORDER_SAGAS = ['orchestration', 'choreography'] as const;
export const DEMO_USERS = ['alice', 'bob'] as const;

export interface PlaceOrderRequest {
  transport: (typeof ORDER_TRANSPORTS)[number];
  auth: (typeof ORDER_AUTH_MODES)[number];
  mode: (typeof ORDER_MODES)[number];
  /** The saga style of an async order; a sync order has none and ignores it. */
  saga: (typeof ORDER_SAGAS)[number];
  sku: string;
  quantity: number;
  user: (typeof DEMO_USERS)[number];
  /** Ask for a webhook callback (async orders) to the console's /hooks/orders. */
  callback: boolean;
}

export type TimelineStatus = 'ok' | 'failed' | 'waiting' | 'info';

/** One step of an order's life, as the timeline shows it. */
export interface TimelineEntry {
  at: string;
  /** Since the console sent the request. */
  offsetMs: number;
  /** Who did it: a service, a broker, the console. */
  actor: string;
  title: string;
  detail?: string;
  transport?: string;
  /** How long the step itself took, when known (a call's duration). */
  ms?: number;
  status: TimelineStatus;
}

export type PlacementOutcome = 'sending' | 'pending' | 'confirmed' | 'rejected' | 'failed';

/** One order placed from the console, with everything seen of it so far. */
export interface PlacementView {
  id: string;
  request: PlaceOrderRequest;
  sentAt: string;
  correlationId: string;
  orderId: string | null;
  httpStatus: number | null;
  outcome: PlacementOutcome;
  /** Nothing more is expected (sync: answered; async: final status and callback settled). */
  complete: boolean;
  /** One line: "201 CONFIRMED in 84 ms", "503 INVENTORY_UNAVAILABLE", "202 → PENDING: waiting for inventory". */
  summary: string;
  entries: TimelineEntry[];
}

// ------------------------------------------------------------------ queues

export type QueueRole = 'work' | 'retry' | 'dead-letter' | 'rpc' | 'subscriber';

export interface QueueRow {
  name: string;
  role: QueueRole;
  /** For a .retry or .dlq companion: the queue it belongs to. */
  of?: string;
  /** null = the queue does not exist (nothing declared it yet). */
  ready: number | null;
  consumers: number | null;
  /** Change of `ready` per second over the last samples (published minus consumed); null until known. */
  netPerSecond: number | null;
  /** [epoch ms, ready] over the last minutes. */
  history: [number, number][];
}

export interface QueuesView {
  at: string;
  rabbitmq: { ok: boolean; detail?: string };
  queues: QueueRow[];
}

export interface DeadLetterRow {
  id: string;
  queue: string;
  reason: string;
  errorCode: string | null;
  attempts: number;
  type: string | null;
  deadLetteredAt: string;
}

export interface DeadLettersView {
  ok: boolean;
  detail?: string;
  deadLetters: DeadLetterRow[];
}

export interface RedriveView {
  redriven: number;
  failed: { id: string; error: string }[];
}

// ------------------------------------------------------------------ kafka

export interface KafkaPartitionView {
  partition: number;
  /** First offset still in the log. */
  low: string;
  /** The next offset to be written. */
  high: string;
}

export interface KafkaTopicView {
  name: string;
  partitions: KafkaPartitionView[];
  /** Records in the log (high − low, summed). */
  records: number;
}

export interface KafkaGroupPartitionView {
  partition: number;
  committed: string | null;
  highWatermark: string;
  lag: number;
}

export interface KafkaGroupView {
  group: string;
  state: string;
  members: number;
  totalLag: number;
  topics: { topic: string; exists: boolean; partitions: KafkaGroupPartitionView[] }[];
}

export interface KafkaView {
  at: string;
  ok: boolean;
  detail?: string;
  brokers: string[];
  topics: KafkaTopicView[];
  groups: KafkaGroupView[];
  /** Total lag per group over the last minutes: [epoch ms, lag]. */
  lagHistory: { group: string; points: [number, number][] }[];
}

/** reporting-service's answer to a rebuild, passed through: 200 rebuilt, 202 still replaying, 409 busy. */
export interface RebuildView {
  httpStatus: number;
  result: unknown;
}

// ------------------------------------------------------------------ event sourcing

export interface StockEventView {
  version: number;
  type: string;
  quantity: number;
  reservationId: string | null;
  /** StockCounted and EventReverted: the signed change of available. */
  difference?: number;
  /** Why, for an adjustment or a revert. */
  reason?: string;
  /** Who caused it: a service's client id (null: unknown). */
  actor?: string | null;
  occurredAt: string;
}

export interface StockView {
  sku: string;
  available: number;
  unitPriceCents: number;
  currency: string;
  events: StockEventView[];
}

export interface StockAsOfView {
  sku: string;
  available: number;
  version: number;
  asOf: string;
}

// ------------------------------------------------------------------ faults

export type StackServiceState = 'running' | 'starting' | 'stopping' | 'stopped' | 'paused' | 'restarting';

export interface StackServiceView {
  name: string;
  state: StackServiceState;
  pid: number | null;
}

export interface StackView {
  /** False when no `pnpm start` runs with the console's COMMLAB_DATA_DIR (e.g. under docker compose). */
  available: boolean;
  detail?: string;
  services: StackServiceView[];
  /** notification-service runs with NOTIFICATION_FAIL_RECIPIENTS set by the console. */
  failingNotifications: boolean;
  /** A service the console is slowing down (paused and resumed in a cycle), and by how much. */
  slow: { service: string; delayMs: number } | null;
}

export const STACK_ACTIONS = ['stop', 'start', 'pause', 'resume'] as const;
export type StackActionName = (typeof STACK_ACTIONS)[number];

/** How late a slowed service answers at most: each cycle freezes it this long, then lets it run briefly. */
export const SLOW_DELAYS_MS = [300, 1_000, 3_000] as const;

// ------------------------------------------------------------------ benchmarks

export interface BenchRunSummary {
  id: string;
  startedAt: string;
  machine: string;
  scenarios: number;
  quick: boolean;
}

export interface BenchFigures {
  scenario: string;
  group: string;
  transport: string;
  mode: string;
  load: string;
  /** Latencies in microseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  throughputPerSecond: number;
  errors: number;
}

export interface BenchRunView extends BenchRunSummary {
  figures: BenchFigures[];
}

export interface BenchListView {
  dir: string;
  runs: BenchRunSummary[];
  /** Runs that could not be read, and why. */
  problems: string[];
}
