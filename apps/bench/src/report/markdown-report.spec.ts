import { cpuBreakdown } from './markdown-report';

describe('cpuBreakdown', () => {
  it('lists the processes that used CPU, most first, leaving out those that used none', () => {
    expect(
      cpuBreakdown({
        'auth-service': 0,
        'inventory-service': 80,
        'order-service': 1250,
        Redis: 3.5,
      }),
    ).toBe('order-service 1.25 ms, inventory-service 80 µs, Redis 4 µs');
  });

  it('is empty when no process used any', () => {
    expect(cpuBreakdown({ 'auth-service': 0 })).toBe('');
  });
});
