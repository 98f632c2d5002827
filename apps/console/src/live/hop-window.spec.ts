import { HopWindow } from './hop-window';

describe('HopWindow', () => {
  it('counts the hops of the last minute and takes the median of their latencies', () => {
    const now = 1_000_000;
    const window = new HopWindow(() => now);
    const grpc = { from: 'order-service', to: 'inventory-service', transport: 'gRPC' } as const;
    for (const ms of [5, 1, 9, 3]) window.add({ ...grpc, ms, ok: true });
    window.add({ ...grpc, ok: false });
    window.add({
      from: 'order-service',
      to: 'notification-service',
      via: 'rabbitmq',
      transport: 'q',
      ok: true,
    });
    expect(window.stats()).toEqual([
      {
        key: 'order-service>>inventory-service:gRPC',
        ...grpc,
        perMinute: 5,
        p50Ms: 4,
        failures: 1,
        lastAt: new Date(now).toISOString(),
      },
      {
        key: 'order-service>rabbitmq>notification-service:q',
        from: 'order-service',
        to: 'notification-service',
        via: 'rabbitmq',
        transport: 'q',
        perMinute: 1,
        p50Ms: null,
        failures: 0,
        lastAt: new Date(now).toISOString(),
      },
    ]);
  });

  it('forgets what is older than a minute', () => {
    let now = 0;
    const window = new HopWindow(() => now);
    window.add({ from: 'client', to: 'order-service', transport: 'HTTP', ms: 100, ok: true });
    now = 30_000;
    window.add({ from: 'client', to: 'order-service', transport: 'HTTP', ms: 7, ok: true });
    now = 61_000;
    expect(window.stats()).toMatchObject([{ perMinute: 1, p50Ms: 7 }]);
    now = 100_000;
    expect(window.stats()).toEqual([]);
  });
});
