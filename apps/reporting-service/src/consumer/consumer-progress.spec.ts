import { ConsumerProgress } from './consumer-progress';

describe('ConsumerProgress', () => {
  it('keeps the next offset per partition, never moving backwards, until rewound', () => {
    const progress = new ConsumerProgress();
    progress.record('orders', 0, '4');
    progress.record('orders', 0, '2');
    progress.record('orders', 1, '0');
    expect(progress.nextOffset('orders', 0)).toBe(5n);
    expect(progress.nextOffset('orders', 1)).toBe(1n);
    expect(progress.nextOffset('inventory', 0)).toBeUndefined();
    progress.rewind('orders', 0, 2n);
    expect(progress.nextOffset('orders', 0)).toBe(2n);
  });

  it('waitUntil resolves true when a record makes the condition hold, false on timeout', async () => {
    const progress = new ConsumerProgress();
    const reached = progress.waitUntil(() => (progress.nextOffset('orders', 2) ?? 0n) >= 10n, 1_000);
    progress.record('orders', 2, '5');
    progress.record('orders', 2, '9');
    await expect(reached).resolves.toBe(true);
    await expect(progress.waitUntil(() => false, 20)).resolves.toBe(false);
  });
});
