import { PendingCalls } from './pending-calls';

describe('PendingCalls', () => {
  it('resolves the waiter of the settled id only, and counts arrivals nobody waits for', async () => {
    const pending = new PendingCalls();
    const a = pending.wait('a');
    const b = pending.wait('b');
    let bDone = false;
    void b.then(
      () => (bDone = true),
      () => undefined,
    );
    pending.settle('a');
    pending.settle('zzz');
    await a;
    await Promise.resolve();
    expect(bDone).toBe(false);
    expect(pending.unexpected).toBe(1);
    expect(pending.size).toBe(1);
    pending.failAll(new Error('closed'));
    await expect(b).rejects.toThrow('closed');
    expect(pending.size).toBe(0);
  });

  it('resolves a waiter with the value it was settled with', async () => {
    const receipts = new PendingCalls<bigint>();
    const a = receipts.wait('a');
    receipts.settle('a', 42n);
    await expect(a).resolves.toBe(42n);
  });
});
