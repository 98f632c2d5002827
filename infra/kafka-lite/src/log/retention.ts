import type { BrokerConfig } from '../config/broker-config';
import type { TopicStore } from './topic-store';

const CHECK_MS = 1000;

/**
 * Applies time and size retention to every partition with the topic's effective settings (its own
 * retention.ms / retention.bytes over the broker's). Runs about once a second, or every retention.ms
 * when a topic's is shorter; `reschedule()` after any config change.
 */
export class RetentionScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private intervalMs = 0;

  constructor(
    private readonly topics: TopicStore,
    private readonly config: BrokerConfig,
  ) {}

  reschedule(): void {
    const broker = this.config.topicSettings(new Map());
    let shortest = broker.retentionMs >= 0 ? broker.retentionMs : Number.POSITIVE_INFINITY;
    let any = broker.retentionMs >= 0 || broker.retentionBytes >= 0;
    for (const name of this.topics.names()) {
      const s = this.config.topicSettings(this.topics.configs(name) ?? new Map());
      if (s.retentionMs >= 0) shortest = Math.min(shortest, s.retentionMs);
      any ||= s.retentionMs >= 0 || s.retentionBytes >= 0;
    }
    const interval = any ? Math.min(CHECK_MS, Math.max(10, shortest)) : 0;
    if (interval === this.intervalMs) return;
    this.stop();
    this.intervalMs = interval;
    if (interval === 0) return;
    this.timer = setInterval(() => {
      this.apply(Date.now());
    }, interval);
    this.timer.unref();
  }

  apply(nowMs: number): void {
    for (const [name, logs] of this.topics.entries()) {
      const settings = this.config.topicSettings(this.topics.configs(name) ?? new Map());
      if (settings.retentionMs < 0 && settings.retentionBytes < 0) continue;
      for (const log of logs) log.applyRetention(settings, nowMs);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.intervalMs = 0;
  }
}
