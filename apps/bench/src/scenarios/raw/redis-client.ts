import Redis from 'ioredis';

/** An ioredis client for the bench: connects when asked, fails a call rather than retrying it. */
export function redisClient(url: string): Redis {
  // ioredis turns TCP_NODELAY on by default; say so anyway, the bench checks it.
  const client = new Redis(url, {
    noDelay: true,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
  });
  client.on('error', () => undefined); // surfaced through the failing calls
  return client;
}

/** QUIT, then drop the connection whatever QUIT did. */
export async function closeRedis(client: Redis): Promise<void> {
  await client.quit().catch(() => undefined);
  client.disconnect();
}
