import { probeDependencies } from '@commlab/stack-ops';

import type { ConsoleConfig } from '../config/console.config';
import type { StackControl } from '../faults/stack-control';
import type { LiveSubscriber } from '../live/live-subscriber';
import type { BrokerHealth, StatusSnapshot } from '../common/api';
import { SERVICE_NODES } from '../common/topology';
import { serviceUrls } from '../services/service-urls';
import { probeHealth, serviceHealth } from './service-health';
import { type Repeating, repeat } from '../server/repeat';

const INTERVAL_MS = 1_500;

/**
 * Every 1.5 s: each service's /health (and its state in the stack, when `pnpm start` runs it), a TCP
 * probe of each broker (the same probe `pnpm start` runs before it starts), and the live feed's
 * subscription. `onChange` gets each snapshot that differs from the one before.
 */
export class StatusWatch {
  private snapshot: StatusSnapshot;
  private repeating: Repeating | undefined;

  constructor(
    private readonly config: ConsoleConfig,
    private readonly stack: StackControl,
    private readonly live: LiveSubscriber,
    private readonly onChange: (snapshot: StatusSnapshot) => void,
  ) {
    const urls = serviceUrls(config);
    this.snapshot = {
      at: new Date().toISOString(),
      services: SERVICE_NODES.map((name) => ({
        name,
        url: urls[name],
        health: 'not-answering',
        detail: 'not checked yet',
      })),
      brokers: [],
      liveFeed: live.state(),
    };
  }

  current(): StatusSnapshot {
    return this.snapshot;
  }

  /** Polls while `wanted()` (someone looks: see Demand). */
  start(wanted: () => boolean): void {
    this.repeating = repeat(INTERVAL_MS, () => this.check(), wanted);
  }

  /** Brings what it keeps up to date if the polling skipped it (nobody was looking). */
  async fresh(): Promise<void> {
    await this.repeating?.refresh(2 * INTERVAL_MS);
  }

  async stop(): Promise<void> {
    await this.repeating?.stop();
  }

  /** Checks now (also used right after a fault action, so the page does not wait for the next tick). */
  async check(): Promise<StatusSnapshot> {
    const urls = serviceUrls(this.config);
    const timeoutMs = Math.min(this.config.CONSOLE_CALL_TIMEOUT_MS, 1_200);
    const [stack, probes, dependencies] = await Promise.all([
      this.stack.status(),
      Promise.all(SERVICE_NODES.map((name) => probeHealth(urls[name], timeoutMs))),
      probeDependencies(this.config, this.config.KAFKA_BROKERS),
    ]);
    const services = SERVICE_NODES.map((name, index) =>
      serviceHealth(
        name,
        urls[name],
        probes[index] ?? { answered: false, reason: 'not checked', timedOut: false },
        stack.available ? stack.services.find((service) => service.name === name) : undefined,
      ),
    );
    const brokers: BrokerHealth[] = dependencies.map((status) => ({
      name: status.dependency,
      address: status.address,
      reachable: status.reachable,
      ...(status.problem === undefined ? {} : { detail: status.problem }),
    }));
    const next: StatusSnapshot = {
      at: new Date().toISOString(),
      services,
      brokers,
      liveFeed: this.live.state(),
    };
    const changed = JSON.stringify({ ...next, at: '' }) !== JSON.stringify({ ...this.snapshot, at: '' });
    this.snapshot = next;
    if (changed) this.onChange(next);
    return next;
  }
}
