import { GroupCoordinator } from './group-coordinator';
import { OffsetStore } from './offset-store';

describe('GroupCoordinator', () => {
  it('lists groups with members or committed offsets and deletes only empty ones', () => {
    const coordinator = new GroupCoordinator();
    expect(coordinator.state('nobody')).toBe('Dead');
    coordinator.offsets.commit('committed-only', [['t', 0, { offset: 5, metadata: null }]]);
    expect(coordinator.state('committed-only')).toBe('Empty');
    expect(coordinator.list()).toEqual([{ groupId: 'committed-only', protocolType: 'consumer' }]);
    expect(coordinator.delete('nobody')).toBe('GROUP_ID_NOT_FOUND');
    expect(coordinator.delete('committed-only')).toBe('NONE');
    expect(coordinator.offsets.group('committed-only')).toBeUndefined();

    coordinator.group('busy').join(
      {
        memberId: '',
        clientId: 'c',
        clientHost: 'h',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 10_000,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
        requireKnownMemberId: false,
      },
      () => undefined,
    );
    expect(coordinator.delete('busy')).toBe('NON_EMPTY_GROUP');
    expect(coordinator.liveTimers).toBe(1);
    coordinator.shutdown();
    expect(coordinator.liveTimers).toBe(0);
  });
});

describe('OffsetStore', () => {
  it('round-trips through JSON, metadata included', () => {
    const store = new OffsetStore();
    const committed = jest.fn();
    store.listener = { committed, groupDeleted: jest.fn(), topicDeleted: jest.fn() };
    store.commit('g', [
      ['orders', 2, { offset: 42, metadata: 'meta' }],
      ['orders', 0, { offset: 7, metadata: null }],
    ]);
    expect(committed).toHaveBeenCalledTimes(1);
    const copy = new OffsetStore();
    copy.load(JSON.parse(JSON.stringify(store.toJSON())));
    expect(copy.get('g', 'orders', 2)).toEqual({ offset: 42, metadata: 'meta' });
    expect(copy.get('g', 'orders', 0)).toEqual({ offset: 7, metadata: null });
    copy.deleteTopic('orders');
    expect(copy.get('g', 'orders', 2)).toBeUndefined();
  });

  it('ignores malformed JSON entries', () => {
    const store = new OffsetStore();
    store.load({ g: { t: { '0': { offset: 'x' }, '1': { offset: 3 } } }, h: null });
    expect(store.get('g', 't', 0)).toBeUndefined();
    expect(store.get('g', 't', 1)).toEqual({ offset: 3, metadata: null });
  });
});
