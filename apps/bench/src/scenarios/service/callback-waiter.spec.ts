import { CallbackWaiter } from './callback-waiter';

describe('CallbackWaiter', () => {
  it('settles the call waiting for that order', async () => {
    const waiter = new CallbackWaiter();
    const a = waiter.wait('a');
    const b = waiter.wait('b');
    waiter.arrived('b');
    await expect(b).resolves.toBeUndefined();
    expect(waiter.size).toBe(1);
    waiter.failed('a', new Error('rejected'));
    await expect(a).rejects.toThrow('rejected');
    expect(waiter.size).toBe(0);
  });

  it('keeps a callback that arrives before its 202 was read', async () => {
    const waiter = new CallbackWaiter();
    waiter.arrived('early');
    waiter.failed('bad', new Error('order.rejected'));
    await expect(waiter.wait('early')).resolves.toBeUndefined();
    await expect(waiter.wait('bad')).rejects.toThrow('order.rejected');
  });

  it('clear rejects every waiting call', async () => {
    const waiter = new CallbackWaiter();
    const pending = waiter.wait('x');
    waiter.clear(new Error('closed'));
    await expect(pending).rejects.toThrow('closed');
  });
});
