import { allQueueNames, commlabQueues, openQueueInspector, type QueueInspector } from '@commlab/stack-ops';

import type { QueuesView } from '../common/api';
import { type DepthSamples, queueRows } from './queue-rows';
import { type Repeating, repeat } from '../server/repeat';

const INTERVAL_MS = 2_000;
const HISTORY_MS = 5 * 60_000;

/**
 * Samples the depth of commlab's RabbitMQ queues every 2 s, with the same inspector `pnpm queues` uses
 * (passive declares, no management plugin). A lost connection is reported and reopened on the next tick.
 */
export class QueueWatch {
  private readonly queues = commlabQueues();
  private readonly names = allQueueNames(this.queues);
  private samples: DepthSamples = [];
  private inspector: QueueInspector | undefined;
  private problem: string | undefined = 'not read yet';
  private repeating: Repeating | undefined;

  constructor(private readonly url: string) {}

  /** Polls while `wanted()` (someone looks: see Demand). */
  start(wanted: () => boolean): void {
    this.repeating = repeat(INTERVAL_MS, () => this.sample(), wanted);
  }

  /** Brings what it keeps up to date if the polling skipped it (nobody was looking). */
  async fresh(): Promise<void> {
    await this.repeating?.refresh(2 * INTERVAL_MS);
  }

  async stop(): Promise<void> {
    await this.repeating?.stop();
    await this.inspector?.close();
  }

  view(): QueuesView {
    return {
      at: new Date().toISOString(),
      rabbitmq: this.problem === undefined ? { ok: true } : { ok: false, detail: this.problem },
      queues: queueRows(this.queues, this.samples),
    };
  }

  /** The latest depth of one queue (null when it does not exist or RabbitMQ cannot be read). */
  latest(queue: string): { ready: number | null; consumers: number | null } {
    const depth = this.problem === undefined ? this.samples.at(-1)?.[1].get(queue) : undefined;
    return { ready: depth?.ready ?? null, consumers: depth?.consumers ?? null };
  }

  private async sample(): Promise<void> {
    try {
      this.inspector ??= await openQueueInspector(this.url);
      const depths = await this.inspector.depths(this.names);
      const now = Date.now();
      this.samples.push([now, depths]);
      this.samples = this.samples.filter(([at]) => now - at <= HISTORY_MS);
      this.problem = undefined;
    } catch (error) {
      this.problem = `RabbitMQ cannot be read (${error instanceof Error ? error.message || error.name : String(error)}): is it running at RABBITMQ_URL?`;
      await this.inspector?.close();
      this.inspector = undefined;
    }
  }
}
