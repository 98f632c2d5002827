/**
 * @commlab/messaging-redis — the Redis adapter: the fire-and-forget live feed on Redis Pub/Sub
 * (`commlab.live`) through NestJS's Redis transport client.
 */
export { LiveFeed, type LiveFeedOptions, type LiveFeedStats, redisClientOptions } from './live-feed';
export { LiveFeedSerializer } from './live-feed.serializer';
