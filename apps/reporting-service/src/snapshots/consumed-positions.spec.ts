import { consumedPositions } from './consumed-positions';

describe('consumedPositions', () => {
  const offsets = new Map([
    [
      'orders',
      [
        { partition: 0, low: '0', high: '9' },
        { partition: 1, low: '2', high: '6' },
        { partition: 2, low: '0', high: '0' },
      ],
    ],
  ]);

  it("takes this process's progress first, then the committed offset, then 0 (never committed)", () => {
    const handled = (topic: string, partition: number) =>
      topic === 'orders' && partition === 0 ? 9n : undefined;
    const committed = new Map([
      ['orders/0', '3'],
      ['orders/1', '5'],
      ['orders/2', '-1'],
    ]);
    expect(consumedPositions(offsets, handled, committed)).toEqual([
      { topic: 'orders', partition: 0, offset: '9' },
      { topic: 'orders', partition: 1, offset: '5' },
      { topic: 'orders', partition: 2, offset: '0' },
    ]);
  });
});
