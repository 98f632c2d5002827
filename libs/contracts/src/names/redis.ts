/** Redis Pub/Sub channels (DESIGN.md §3). */
export const REDIS_CHANNELS = {
  /** Fire-and-forget live activity feed: a subscriber that is down misses what is published. */
  live: 'commlab.live',
} as const;
