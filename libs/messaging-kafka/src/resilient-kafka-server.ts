import { setTimeout as sleep } from 'node:timers/promises';

import { type KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';

import { certainlyNotJson } from '@commlab/messaging';
import { describeError } from '@commlab/resilience';
import { noDelaySocketFactory } from './no-delay-socket-factory';
import { type BackoffPolicy, nextDelayMs } from '@commlab/resilience';
import { settlesWithin } from '@commlab/resilience';

export type ResilientKafkaServerOptions = Required<KafkaOptions>['options'] & {
  /** Backoff between connection attempts (default 500 ms doubling to 15 s). */
  reconnect?: BackoffPolicy;
};

/** Partitions the group gave this member, per topic. */
export type PartitionAssignment = Record<string, number[]>;

/** Longest a shutdown waits for kafkajs to connect or disconnect. */
const CLOSE_WAIT_MS = 2_000;

const DEFAULT_RECONNECT: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 15_000, jitter: 0.2 };

/**
 * NestJS's Kafka server (`ServerKafka`), extended rather than forked, for services that must not need
 * Kafka to boot: `listen()` reports the server as started at once and connects in the background,
 * retrying with capped backoff until it is connected or closed — a broker that starts later, or
 * restarts, never stops the HTTP side. It also keeps what status pages need: whether the consumer is
 * running, the partitions the group assigned to this member, and an admin client on the same connection
 * settings. Everything else (handlers, parsing, replies) is NestJS's own code.
 */
export class ResilientKafkaServer extends ServerKafka {
  private readonly reconnect: BackoffPolicy;
  private readonly stopping: AbortController;
  private connecting: Promise<void> | undefined;
  private running = false;
  private assigned: PartitionAssignment = {};
  private lastError: string | undefined;
  private readonly joinWaiters = new Set<() => void>();

  constructor(options: ResilientKafkaServerOptions) {
    const { reconnect, ...kafkaOptions } = options;
    // Filled in below: `super` must run before `this` exists, kafkajs reads the option much later.
    const stopping = new AbortController();
    const retry = kafkaOptions.client?.retry ?? {};
    super({
      ...kafkaOptions,
      client: {
        // NestJS's own default when no client options are given.
        brokers: ['localhost:9092'],
        socketFactory: noDelaySocketFactory,
        ...kafkaOptions.client,
        retry: {
          ...retry,
          // kafkajs restarts a crashed consumer on a timer; once closing, a restart would outlive shutdown.
          restartOnFailure: async (error: Error) =>
            !stopping.signal.aborted && ((await retry.restartOnFailure?.(error)) ?? true),
        },
      },
    });
    this.stopping = stopping;
    this.reconnect = reconnect ?? DEFAULT_RECONNECT;
  }

  /** The consumer group's real name (NestJS appends `postfixId`). */
  get consumerGroupId(): string {
    return this.groupId;
  }

  override listen(callback: (err?: unknown, ...optionalParams: unknown[]) => void): Promise<void> {
    callback();
    this.connecting = this.connectUntilRunning();
    return Promise.resolve();
  }

  /**
   * Stops consuming. Bounded: against a broker that accepts connections but never answers, kafkajs's
   * connect and disconnect wait for their request timeouts; shutdown waits at most CLOSE_WAIT_MS for each
   * and leaves the rest to finish in the background.
   */
  override async close(): Promise<void> {
    this.stopping.abort();
    if (this.connecting !== undefined) await settlesWithin(this.connecting, CLOSE_WAIT_MS);
    this.running = false;
    await settlesWithin(super.close(), CLOSE_WAIT_MS);
  }

  /** `running` once the consumer has joined its group and consumes; else why not. */
  consumerState(): { running: boolean; lastError?: string } {
    return { running: this.running, ...(this.lastError === undefined ? {} : { lastError: this.lastError }) };
  }

  /** Partitions assigned to this member at the last rebalance (empty before the first join). */
  assignment(): PartitionAssignment {
    return structuredClone(this.assigned);
  }

  /** Resolves at the next completed group join (or at once if `alreadyJoined` and one happened). */
  async waitForJoin(timeoutMs: number): Promise<PartitionAssignment> {
    if (this.running && Object.keys(this.assigned).length > 0) return this.assignment();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.joinWaiters.delete(done);
        reject(new Error(`the Kafka consumer did not join its group within ${String(timeoutMs)} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.joinWaiters.add(done);
    });
    return this.assignment();
  }

  /** The running consumer, or undefined while (re)connecting. */
  runningConsumer(): Consumer | undefined {
    return this.running ? (this.consumer ?? undefined) : undefined;
  }

  /** The connected producer (for dead letters), or undefined while (re)connecting. */
  connectedProducer(): Producer | undefined {
    return this.running ? (this.producer ?? undefined) : undefined;
  }

  /** A new admin client with this server's connection settings; the caller disconnects it. */
  admin(): Admin {
    const client = (this.client ?? this.createClient()) as Kafka;
    return client.admin();
  }

  /**
   * The handler's route for an incoming pattern, as NestJS computes it, without its cost: NestJS
   * JSON-parses every pattern (to find object patterns), so each message with a plain string pattern —
   * all of commlab's — throws and catches a SyntaxError: about 4 µs each time here, three times per event
   * (NestJS's handleMessage and handleEvent, and handleEvent below, each look the handler up). A pattern
   * that cannot be JSON skips the parse; the route is the same (docs/benchmarks.md, "Lessons").
   */
  protected override getRouteFromPattern(pattern: string): string {
    return certainlyNotJson(pattern) ? this.normalizePattern(pattern) : super.getRouteFromPattern(pattern);
  }

  /**
   * NestJS runs a record without `kafka_correlationId`/`kafka_replyTopic` as an event, even when its
   * topic's handler is request-reply (`@MessagePattern`): the handler's error (a malformed request) then
   * rejects kafkajs's eachMessage, which crashes the consumer, and the record — never committed — stops
   * its partition for good (found by pnpm fuzz). Nobody waits for an answer to such a record: it is
   * skipped (committed) with a warning. Event handlers (`@EventPattern`) run as before.
   */
  override async handleEvent(
    pattern: string,
    packet: Parameters<ServerKafka['handleEvent']>[1],
    context: Parameters<ServerKafka['handleEvent']>[2],
  ): Promise<unknown> {
    const handler = this.getHandlerByPattern(pattern);
    if (handler !== null && handler.isEventHandler !== true) {
      this.logger.warn(
        `skipped a record on ${pattern} without kafka_correlationId/kafka_replyTopic (a request that cannot be answered)`,
      );
      return undefined;
    }
    return super.handleEvent(pattern, packet, context);
  }

  /**
   * Sends a request's reply where its headers say. NestJS does not handle this promise: a reply the
   * broker refuses (a `kafka_replyTopic` that is no valid or existing topic, a partition out of range)
   * was an unhandled rejection that crashes the process (found by pnpm fuzz). The requester cannot be
   * answered then; the failure is logged and the request counts as handled.
   */
  override async sendMessage(
    ...args: Parameters<ServerKafka['sendMessage']>
  ): ReturnType<ServerKafka['sendMessage']> {
    try {
      return await super.sendMessage(...args);
    } catch (error) {
      const [, replyTopic, replyPartition] = args;
      this.logger.warn(
        `could not send a reply to ${JSON.stringify(replyTopic).slice(0, 200)} partition ` +
          `${JSON.stringify(replyPartition ?? null).slice(0, 40)}: ${describeError(error)}`,
      );
      return [];
    }
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer;
    if (consumer === null) return;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.assigned = event.payload.memberAssignment;
      this.running = true;
      this.lastError = undefined;
      for (const done of this.joinWaiters) done();
      this.joinWaiters.clear();
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.lastError = describeError(event.payload.error);
      // kafkajs restarts the consumer itself when the error is retriable (restartOnFailure).
      if (!event.payload.restart) this.running = false;
    });
  }

  private async connectUntilRunning(): Promise<void> {
    const signal = this.stopping.signal;
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      try {
        this.client = this.createClient();
        await this.start(() => undefined);
        return;
      } catch (error) {
        this.lastError = describeError(error);
        this.logger.warn(
          `Kafka consumer ${this.groupId} could not start (attempt ${String(attempt)}): ${this.lastError}`,
        );
        await super.close().catch(() => undefined);
        await sleep(nextDelayMs(attempt, this.reconnect), undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
