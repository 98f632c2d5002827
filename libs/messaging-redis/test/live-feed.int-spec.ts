import { REDIS_CHANNELS } from '@commlab/contracts';
import { freePort, requireRedis, waitFor } from '@commlab/testing';
import Redis from 'ioredis';

import { LiveFeed } from '../src';
import type { LiveFeedLine } from '@commlab/messaging';

describe('LiveFeed (real Redis Pub/Sub through NestJS ClientRedis)', () => {
  let redisUrl: string;

  beforeAll(async () => {
    redisUrl = await requireRedis();
  });

  it('publishes one JSON line {service, event, at, …} to commlab.live', async () => {
    const subscriber = new Redis(redisUrl, { lazyConnect: true });
    const feed = new LiveFeed({ url: redisUrl, service: 'live-feed-test' });
    const marker = `m-${String(Date.now())}-${String(Math.random())}`;
    const lines: LiveFeedLine[] = [];
    try {
      await subscriber.connect();
      subscriber.on('message', (_channel: string, message: string) => {
        const line = JSON.parse(message) as LiveFeedLine;
        if (line.marker === marker) lines.push(line);
      });
      await subscriber.subscribe(REDIS_CHANNELS.live);
      await waitFor(
        () => {
          feed.publish('test.happened', { marker, count: 3 });
          return lines.length > 0;
        },
        { timeoutMs: 5_000, intervalMs: 200, description: 'a line on commlab.live' },
      );
      expect(lines[0]).toEqual({
        service: 'live-feed-test',
        event: 'test.happened',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        marker,
        count: 3,
      });
      await waitFor(() => feed.stats().inFlight === 0);
      expect(feed.stats().published).toBeGreaterThan(0);
    } finally {
      await feed.close();
      subscriber.disconnect();
    }
  });

  it('never blocks or throws while Redis is down: lines are dropped and counted', async () => {
    const port = await freePort();
    const feed = new LiveFeed({
      url: `redis://127.0.0.1:${String(port)}`,
      service: 'live-feed-test',
      publishTimeoutMs: 300,
      reconnectDelayMs: 100,
    });
    try {
      // publish() returns before any I/O: every line is still in flight (none thrown, none settled) when
      // the loop ends, however slow this machine is. Speed itself is the benchmarks' business.
      for (let i = 0; i < 50; i += 1) feed.publish('test.lost', { i });
      expect(feed.stats()).toEqual({ published: 0, dropped: 0, inFlight: 50 });
      await waitFor(() => feed.stats().dropped === 50, { timeoutMs: 5_000, description: '50 dropped' });
      expect(feed.stats()).toEqual({ published: 0, dropped: 50, inFlight: 0 });
    } finally {
      await feed.close();
    }
  });
});
