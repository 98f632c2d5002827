import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from 'kafkajs';

import { REPORTING_KAFKA_SERVER } from '../consumer/reporting-kafka-server';
import { kafkaUnavailable } from './reporting-errors';

export const ADMIN_TIMEOUT_MS = Symbol('ADMIN_TIMEOUT_MS');

/** Where a topic's partitions stand: [partition, low, high]. */
export type Watermarks = Map<string, { partition: number; low: string; high: string }[]>;

/**
 * One kafkajs admin client on the consumer's connection settings, connected on first use and dropped
 * after any failure (the next call reconnects). Every call is bounded: past the timeout, 503.
 */
@Injectable()
export class KafkaAdminSession implements OnApplicationShutdown {
  private admin: Promise<Admin> | undefined;

  constructor(
    @Inject(REPORTING_KAFKA_SERVER) private readonly server: ResilientKafkaServer,
    @Inject(ADMIN_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async run<T>(what: string, call: (admin: Admin) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${what} took longer than ${String(this.timeoutMs)} ms`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([this.connected().then(call), timeout]);
    } catch (error) {
      await this.drop();
      throw kafkaUnavailable(error instanceof Error ? error.message : String(error), error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Where each topic's partitions stand (log start and high watermark), in partition order. */
  async watermarks(topics: readonly string[]): Promise<Watermarks> {
    const result: Watermarks = new Map();
    for (const topic of topics) {
      const offsets = await this.run(`reading the offsets of ${topic}`, (admin) =>
        admin.fetchTopicOffsets(topic),
      );
      result.set(
        topic,
        offsets
          .map(({ partition, low, high }) => ({ partition, low, high }))
          .sort((a, b) => a.partition - b.partition),
      );
    }
    return result;
  }

  /** The consumer group's committed offset per `topic/partition` ('-1': never committed). */
  async committedOffsets(groupId: string, topics: readonly string[]): Promise<Map<string, string>> {
    const committed = await this.run('reading the committed offsets', (admin) =>
      admin.fetchOffsets({ groupId, topics: [...topics] }),
    );
    const result = new Map<string, string>();
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of partitions) result.set(`${topic}/${String(partition)}`, offset);
    }
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drop();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.server.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private async drop(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}
