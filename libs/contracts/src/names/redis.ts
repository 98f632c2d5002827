/** Redis Pub/Sub channels (docs/architecture.md, "Names"). */
export const REDIS_CHANNELS = {
  /** Fire-and-forget live activity feed: a subscriber that is down misses what is published. */
  live: 'commlab.live',
} as const;
