import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type ModuleMetadata,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import {
  EventPublisher,
  type LiveFeedSink,
  OutboxRelay,
  type OutboxPublisher,
  type OutboxRelayOptions,
} from '@commlab/messaging';
import { settlesWithin } from '@commlab/resilience';

import { LIVE_FEED } from './live-feed.module';

/** A publisher the binding closes on shutdown when it can (the Kafka publisher can). */
type ClosablePublisher = OutboxPublisher & { close?: () => Promise<void> };

export interface OutboxModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  /** Builds the relay's options (`db`, `publisher`, batch/poll/backoff/lease); `logger` defaults to Nest's. */
  useFactory: (...args: never[]) => OutboxRelayOptions | Promise<OutboxRelayOptions>;
  /** Start polling on application bootstrap (default true). */
  autoStart?: boolean;
  /**
   * At shutdown, how long the batch in flight may take to finish (default 1000 ms). After that the
   * publisher is closed, which cuts a publish hanging on a slow or unreachable broker short: its rows
   * stay PENDING for the next start, and shutdown does not wait for the publish timeout.
   */
  shutdownGraceMs?: number;
}

/** Default of `OutboxModuleOptions.shutdownGraceMs`. */
const DEFAULT_OUTBOX_SHUTDOWN_GRACE_MS = 1_000;

const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

interface ResolvedOutbox {
  relay: OutboxRelay;
  publisher: ClosablePublisher;
  autoStart: boolean;
  shutdownGraceMs: number;
}

const RESOLVED_OUTBOX = Symbol('RESOLVED_OUTBOX');

function shutdownGraceMs(options: OutboxModuleOptions): number {
  const ms = options.shutdownGraceMs ?? DEFAULT_OUTBOX_SHUTDOWN_GRACE_MS;
  if (!(ms >= 0)) throw new RangeError('shutdownGraceMs must be ≥ 0.');
  return ms;
}

/**
 * Starts the relay once the application has bootstrapped (never blocks it: the first publish connects
 * lazily) and, before the shutdown hooks that close the database run, stops it — waiting for the batch
 * in flight, for at most `shutdownGraceMs` before closing the publisher under it — and closes the
 * publisher.
 */
@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(RESOLVED_OUTBOX) private readonly outbox: ResolvedOutbox) {}

  onApplicationBootstrap(): void {
    if (this.outbox.autoStart) this.outbox.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const { relay, publisher, shutdownGraceMs } = this.outbox;
    const stopped = relay.stop();
    // A publish hanging on the broker: closing the publisher makes it fail now (the rows stay PENDING).
    if (!(await settlesWithin(stopped, shutdownGraceMs))) await publisher.close?.().catch(() => undefined);
    await stopped;
    await publisher.close?.().catch(() => undefined);
  }
}

/**
 * Thin Nest binding of the framework-free outbox: provides `EventPublisher` (the port use cases publish
 * through) and `OutboxRelay`, and runs the relay for the application's lifetime.
 */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxModuleOptions): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: OUTBOX_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: RESOLVED_OUTBOX,
          inject: [OUTBOX_OPTIONS],
          useFactory: (relayOptions: OutboxRelayOptions): ResolvedOutbox => ({
            relay: new OutboxRelay({ logger: new Logger(OutboxRelay.name), ...relayOptions }),
            publisher: relayOptions.publisher,
            autoStart: options.autoStart ?? true,
            shutdownGraceMs: shutdownGraceMs(options),
          }),
        },
        {
          provide: OutboxRelay,
          inject: [RESOLVED_OUTBOX],
          useFactory: (outbox: ResolvedOutbox) => outbox.relay,
        },
        {
          // The event-publishing port: stages in the caller's transaction, then wakes the relay and posts
          // the announced lines to the live feed (when the app has one: LiveFeedModule).
          provide: EventPublisher,
          inject: [OUTBOX_OPTIONS, OutboxRelay, { token: LIVE_FEED, optional: true }],
          useFactory: (relayOptions: OutboxRelayOptions, relay: OutboxRelay, feed?: LiveFeedSink) =>
            new EventPublisher({ db: relayOptions.db, relay, ...(feed === undefined ? {} : { feed }) }),
        },
        OutboxRelayLifecycle,
      ],
      exports: [OutboxRelay, EventPublisher],
    };
  }
}
