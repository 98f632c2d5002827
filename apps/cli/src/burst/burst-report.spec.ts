import { DeliveryTally } from './delivery-tally';
import { formatProgress, formatRabbitResult, formatRedisResult } from './burst-report';

describe('pnpm burst report', () => {
  it('prints the RabbitMQ side with its nacks, backoffs and the time the producer was slowed', () => {
    const lines = formatRabbitResult({
      sent: 2000,
      published: 2000,
      nacked: 512,
      backoffs: 31,
      slowedMs: 4_260,
      deepestQueue: 100,
      maxLength: 100,
      delivered: 2000,
      duplicates: 0,
      lost: 0,
      elapsedMs: 9_010,
    });
    expect(lines[0]).toContain('bounded to 100');
    expect(lines[1]).toBe(
      '  sent 2000  published 2000  nacked 512 (retried)  backoffs 31  producer slowed 4.3 s  deepest queue 100',
    );
    expect(lines[2]).toBe('  delivered 2000  duplicates 0  lost 0  in 9.0 s');
  });

  it('prints the Redis side with the disconnects and what was lost', () => {
    const lines = formatRedisResult({
      sent: 2000,
      publishMs: 310,
      disconnects: 1,
      bufferLimitKb: 256,
      delivered: 612,
      duplicates: 0,
      lost: 1388,
      elapsedMs: 2_400,
    });
    expect(lines[1]).toBe(
      '  sent 2000  published in 0.3 s (never slowed)  subscriber disconnected by Redis 1×',
    );
    expect(lines[2]).toBe('  delivered 612  duplicates 0  lost 1388  in 2.4 s');
  });

  it('prints a progress line', () => {
    expect(formatProgress('rabbitmq', 1_500, { published: 10, queue: 3 })).toBe(
      '  rabbitmq   1.5 s  published 10  queue 3',
    );
  });
});

describe('DeliveryTally', () => {
  it('counts distinct deliveries of the sent ids, duplicates and losses', () => {
    const tally = new DeliveryTally(['a', 'b', 'c', 'd']);
    for (const id of ['a', 'b', 'a', 'x']) tally.record(id);
    expect(tally.delivered).toBe(2);
    expect(tally.duplicates).toBe(1);
    expect(tally.lost).toBe(2);
  });
});
