import { SERVICE_NAMES } from '@commlab/contracts';

import { hopKey, hopSegments, SERVICE_NODES } from './topology';

describe('the topology vocabulary', () => {
  it('knows the same services as the contracts (the page cannot import them, so it mirrors them)', () => {
    expect([...SERVICE_NODES].sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('draws a hop through its broker as two segments', () => {
    expect(hopSegments({ from: 'order-service', to: 'inventory-service' })).toEqual([
      ['order-service', 'inventory-service'],
    ]);
    expect(hopSegments({ from: 'order-service', to: 'inventory-service', via: 'kafka' })).toEqual([
      ['order-service', 'kafka'],
      ['kafka', 'inventory-service'],
    ]);
    expect(hopKey({ from: 'client', to: 'order-service', transport: 'HTTP' })).toBe(
      'client>>order-service:HTTP',
    );
  });
});
