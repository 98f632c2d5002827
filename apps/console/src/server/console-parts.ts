import type { BenchRuns } from '../bench/bench-runs';
import type { ConsoleConfig } from '../config/console.config';
import type { Faults } from '../faults/faults';
import type { KafkaWatch } from '../kafka/kafka-watch';
import type { LiveHub } from '../live/live-hub';
import type { LiveSubscriber } from '../live/live-subscriber';
import type { Placements } from '../orders/placements';
import type { WebhookSink } from '../orders/webhook-sink';
import type { QueueWatch } from '../queues/queue-watch';
import type { ServiceNode } from '../common/topology';
import type { StatusWatch } from '../status/status-watch';
import type { Demand } from './demand';
import type { SseHub } from './sse-hub';

/** Everything the routes read and act through. */
export interface ConsoleParts {
  config: ConsoleConfig;
  urls: Record<ServiceNode, string>;
  sse: SseHub;
  /** Whether a page or an API client looks: the watchers poll only then. */
  demand: Demand;
  live: LiveHub;
  subscriber: LiveSubscriber;
  status: StatusWatch;
  placements: Placements;
  webhooks: WebhookSink;
  queues: QueueWatch;
  kafka: KafkaWatch;
  faults: Faults;
  bench: BenchRuns;
}
