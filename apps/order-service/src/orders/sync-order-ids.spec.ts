import { SyncOrderIds } from './sync-order-ids';

describe('SyncOrderIds', () => {
  it('knows an id it was given once, then forgets it', () => {
    const ids = new SyncOrderIds();
    ids.add('order-1');
    expect(ids.take('order-2')).toBe(false);
    expect(ids.take('order-1')).toBe(true);
    expect(ids.take('order-1')).toBe(false);
  });

  it('forgets the oldest ids past its capacity', () => {
    const ids = new SyncOrderIds();
    ids.capacity = 2;
    for (const id of ['a', 'b', 'c']) ids.add(id);
    expect(['a', 'b', 'c'].map((id) => ids.take(id))).toEqual([false, true, true]);
  });
});
