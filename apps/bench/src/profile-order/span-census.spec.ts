import { spanCensus } from './span-census';

const span = (spanId: string, service: string, name: string) => ({ spanId, service, name, scope: 's' });

describe('spanCensus', () => {
  it('counts spans per order by service, name and scope, most first, ties by name', () => {
    const census = spanCensus(
      [
        span('1', 'order-service', 'pg.query:BEGIN db'),
        span('2', 'order-service', 'pg.query:BEGIN db'),
        span('3', 'order-service', 'POST /orders'),
        span('4', 'auth-service', 'pg.query:SELECT db'),
        span('5', 'order-service', 'pg.query:BEGIN db'),
        span('6', 'order-service', 'pg.query:BEGIN db'),
      ],
      2,
    );
    expect(census).toEqual([
      { key: 'order-service: pg.query:BEGIN db (s)', perOrder: 2 },
      { key: 'auth-service: pg.query:SELECT db (s)', perOrder: 0.5 },
      { key: 'order-service: POST /orders (s)', perOrder: 0.5 },
    ]);
  });
});
