/**
 * @commlab/messaging-nest — the thin NestJS binding of the messaging core: the outbox relay run for the
 * application's lifetime, the pruning of its bookkeeping, the event publisher (the port use cases publish through) and the live feed as
 * injectable providers.
 */
export { BookkeepingModule, BookkeepingPrunerLifecycle } from './bookkeeping.module';
export { CONSUMER_POLICY } from './consumer-policy.token';
export { type ClosableLiveFeed, LIVE_FEED, LiveFeedCloser, LiveFeedModule } from './live-feed.module';
export { OutboxModule, type OutboxModuleOptions, OutboxRelayLifecycle } from './outbox.module';
