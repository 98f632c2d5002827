import { KAFKA_GROUP_TOPICS, kafkaTopicLayout } from '@commlab/contracts';
import { connectLagAdmin, type GroupLag, readConsumerLag } from '@commlab/stack-ops';
import type { Admin } from 'kafkajs';

import type { KafkaGroupView, KafkaTopicView, KafkaView } from '../common/api';
import { type Repeating, repeat } from '../server/repeat';

const INTERVAL_MS = 3_000;
const HISTORY_MS = 5 * 60_000;
/** The topics each of commlab's groups reads; a group the broker lists beyond these: all topics. */
const GROUP_TOPICS: Readonly<Record<string, readonly string[] | undefined>> = KAFKA_GROUP_TOPICS;

function groupView(lag: GroupLag): KafkaGroupView {
  return {
    group: lag.group,
    state: lag.state,
    members: lag.members,
    totalLag: lag.totalLag,
    topics: lag.topics.map(({ topic, exists, partitions }) => ({
      topic,
      exists,
      partitions: partitions.map(({ partition, committed, highWatermark, lag: partitionLag }) => ({
        partition,
        committed,
        highWatermark,
        lag: partitionLag,
      })),
    })),
  };
}

/**
 * Reads commlab's Kafka every 3 s through the code `pnpm lag` uses: each topic's partitions and offsets,
 * each consumer group's committed offsets and lag, and keeps the groups' total lag over time (what a
 * rebuild by replay, or a stopped consumer, looks like).
 */
export class KafkaWatch {
  private admin: Admin | undefined;
  private topics: KafkaTopicView[] = [];
  private groups: KafkaGroupView[] = [];
  private history = new Map<string, [number, number][]>();
  private problem: string | undefined = 'not read yet';
  private repeating: Repeating | undefined;

  constructor(private readonly brokers: readonly string[]) {}

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
    await this.admin?.disconnect().catch(() => undefined);
  }

  view(): KafkaView {
    return {
      at: new Date().toISOString(),
      ok: this.problem === undefined,
      ...(this.problem === undefined ? {} : { detail: this.problem }),
      brokers: [...this.brokers],
      topics: this.topics,
      groups: this.groups,
      lagHistory: [...this.history].map(([group, points]) => ({ group, points })),
    };
  }

  /** A group's lag on one topic and its members, as last sampled; nulls when not read (yet). */
  lagOf(group: string, topic: string): { lag: number | null; members: number | null } {
    const found = this.groups.find((candidate) => candidate.group === group);
    const read = found?.topics.find((candidate) => candidate.topic === topic);
    if (found === undefined || read === undefined) return { lag: null, members: null };
    return { lag: read.partitions.reduce((sum, { lag }) => sum + lag, 0), members: found.members };
  }

  private async sample(): Promise<void> {
    try {
      this.admin ??= await connectLagAdmin(this.brokers, 'commlab-console');
      const admin = this.admin;
      const known = new Set(await admin.listTopics());
      const topics: KafkaTopicView[] = [];
      for (const { name } of kafkaTopicLayout()) {
        if (!known.has(name)) continue;
        const offsets = await admin.fetchTopicOffsets(name);
        const partitions = offsets
          .map(({ partition, low, high }) => ({ partition, low, high }))
          .sort((a, b) => a.partition - b.partition);
        topics.push({
          name,
          partitions,
          records: partitions.reduce((sum, { low, high }) => sum + Number(BigInt(high) - BigInt(low)), 0),
        });
      }
      const listed = (await admin.listGroups()).groups.map(({ groupId }) => groupId);
      const names = [...new Set([...Object.keys(GROUP_TOPICS), ...listed])].sort();
      const groups: KafkaGroupView[] = [];
      for (const group of names) {
        const lag = await readConsumerLag(
          admin,
          group,
          GROUP_TOPICS[group] ?? topics.map(({ name }) => name),
        );
        // A group the broker does not know and that never committed: nothing to show yet.
        if (
          lag.state === 'Dead' &&
          lag.topics.every(({ partitions }) => partitions.every((p) => p.committed === null))
        )
          continue;
        groups.push(groupView(lag));
      }
      const now = Date.now();
      for (const { group, totalLag } of groups) {
        const points = (this.history.get(group) ?? []).filter(([at]) => now - at <= HISTORY_MS);
        points.push([now, totalLag]);
        this.history.set(group, points);
      }
      this.topics = topics;
      this.groups = groups;
      this.problem = undefined;
    } catch (error) {
      this.problem = `Kafka cannot be read at ${this.brokers.join(',')} (${error instanceof Error ? error.message || error.name : String(error)}): is pnpm start (kafka-lite) or the compose Kafka running?`;
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
    }
  }
}
