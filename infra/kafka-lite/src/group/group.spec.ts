import type { JoinGroupResponse } from '../protocol/apis/join-group';
import { ErrorCode } from '../protocol/errors';
import { Group, type JoinRequest, type SyncResult } from './group';
import { realTimers } from './timers';

const SESSION = 1000;
const REBALANCE = 3000;

function joinReq(memberId: string, extra: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId,
    clientId: 'c',
    clientHost: '127.0.0.1',
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: REBALANCE,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from(memberId) }],
    requireKnownMemberId: false,
    ...extra,
  };
}

function join(
  group: Group,
  memberId: string,
  extra: Partial<JoinRequest> = {},
): { res: JoinGroupResponse | undefined } {
  const box: { res: JoinGroupResponse | undefined } = { res: undefined };
  group.join(joinReq(memberId, extra), (r) => (box.res = r));
  return box;
}

function sync(
  group: Group,
  gen: number,
  memberId: string,
  assignments: Record<string, string> = {},
): { res: SyncResult | undefined } {
  const box: { res: SyncResult | undefined } = { res: undefined };
  group.sync(
    gen,
    memberId,
    Object.entries(assignments).map(([m, a]) => ({ memberId: m, assignment: Buffer.from(a) })),
    (r) => (box.res = r),
  );
  return box;
}

describe('Group', () => {
  let group: Group;

  beforeEach(() => {
    jest.useFakeTimers();
    group = new Group('g', realTimers);
  });

  afterEach(() => {
    group.shutdown();
    jest.useRealTimers();
  });

  /** Joins one member and makes the group Stable; returns its id and generation. */
  function stableWithOne(): { id: string; gen: number } {
    const j = join(group, '');
    const id = j.res!.memberId;
    const gen = j.res!.generationId;
    sync(group, gen, id, { [id]: 'all' });
    expect(group.state).toBe('Stable');
    return { id, gen };
  }

  it('asks v4+ joiners for a member id first (MEMBER_ID_REQUIRED), then admits them', () => {
    const first = join(group, '', { requireKnownMemberId: true });
    expect(first.res).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED });
    expect(first.res!.memberId).toMatch(/^c-/);
    expect(group.state).toBe('Empty');
    const second = join(group, first.res!.memberId, { requireKnownMemberId: true });
    expect(second.res).toMatchObject({
      errorCode: 0,
      generationId: 1,
      leader: first.res!.memberId,
      protocolName: 'range',
    });
    expect(second.res!.members).toHaveLength(1);
    expect(group.state).toBe('CompletingRebalance');
  });

  it('forgets an unused pending member id after the session timeout', () => {
    const first = join(group, '', { requireKnownMemberId: true });
    jest.advanceTimersByTime(SESSION + 1);
    expect(join(group, first.res!.memberId).res).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
    expect(group.liveTimers).toBe(0);
  });

  it('goes Empty → PreparingRebalance → CompletingRebalance → Stable and hands out assignments', () => {
    expect(group.state).toBe('Empty');
    const { id, gen } = stableWithOne();
    expect(gen).toBe(1);
    const again = sync(group, gen, id);
    expect(again.res).toEqual({ errorCode: 0, assignment: Buffer.from('all') });
    expect(group.heartbeat(gen, id)).toBe(0);
  });

  it('rebalances when a second member joins, waiting for the first to rejoin', () => {
    const a = stableWithOne();
    const b = join(group, '');
    expect(group.state).toBe('PreparingRebalance');
    expect(b.res).toBeUndefined();
    expect(group.heartbeat(a.gen, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a2 = join(group, a.id);
    expect(a2.res).toMatchObject({ errorCode: 0, generationId: 2, leader: a.id });
    expect(a2.res!.members).toHaveLength(2);
    expect(b.res).toMatchObject({ errorCode: 0, generationId: 2, leader: a.id, members: [] });
    const bId = b.res!.memberId;
    const bSync = sync(group, 2, bId);
    expect(bSync.res).toBeUndefined();
    sync(group, 2, a.id, { [a.id]: 'p0', [bId]: 'p1' });
    expect(bSync.res).toEqual({ errorCode: 0, assignment: Buffer.from('p1') });
    expect(group.state).toBe('Stable');
  });

  it('drops members that do not rejoin within the rebalance timeout', () => {
    const long = { sessionTimeoutMs: 10_000 };
    const a = join(group, '', long);
    const aId = a.res!.memberId;
    sync(group, 1, aId, { [aId]: 'all' });
    const b = join(group, '', long);
    jest.advanceTimersByTime(REBALANCE - 10);
    expect(b.res).toBeUndefined();
    jest.advanceTimersByTime(20);
    expect(b.res).toMatchObject({ errorCode: 0, generationId: 2, leader: b.res?.memberId });
    expect(group.memberCount).toBe(1);
    expect(group.heartbeat(2, aId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("completes a rebalance early when a silent member's session expires", () => {
    const a = stableWithOne();
    const b = join(group, '', { sessionTimeoutMs: 10_000 });
    jest.advanceTimersByTime(SESSION + 1);
    expect(b.res).toMatchObject({ errorCode: 0, generationId: 2 });
    expect(group.heartbeat(2, a.id)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('expires a silent member after its session timeout and rebalances', () => {
    const a = stableWithOne();
    jest.advanceTimersByTime(SESSION - 100);
    expect(group.heartbeat(a.gen, a.id)).toBe(0);
    jest.advanceTimersByTime(SESSION - 100);
    expect(group.memberCount).toBe(1);
    jest.advanceTimersByTime(200);
    expect(group.memberCount).toBe(0);
    expect(group.state).toBe('Empty');
    expect(group.liveTimers).toBe(0);
  });

  it('moves to PreparingRebalance when one of two members leaves', () => {
    const a = stableWithOne();
    const b = join(group, '');
    join(group, a.id);
    sync(group, 2, a.id, {});
    expect(group.leave(b.res!.memberId)).toBe(0);
    expect(group.state).toBe('PreparingRebalance');
    expect(group.leave('nobody')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const a3 = join(group, a.id);
    expect(a3.res).toMatchObject({ errorCode: 0, generationId: 3 });
  });

  it('answers sync and heartbeat errors for wrong generations and unknown members', () => {
    const a = stableWithOne();
    expect(sync(group, 99, a.id).res).toMatchObject({ errorCode: ErrorCode.ILLEGAL_GENERATION });
    expect(sync(group, a.gen, 'x').res).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
    expect(group.heartbeat(99, a.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(group.checkCommit(a.gen, a.id)).toBe(0);
    expect(group.checkCommit(a.gen, 'x')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(group.checkCommit(a.gen - 1, a.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('accepts commits without a generation only while the group is Empty (as Kafka)', () => {
    expect(group.checkCommit(-1, '')).toBe(0);
    const a = stableWithOne();
    expect(group.checkCommit(-1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    group.leave(a.id);
    expect(group.state).toBe('Empty');
    expect(group.checkCommit(-1, '')).toBe(0);
  });

  it("accepts a member's commit while a rebalance is prepared, not between join and sync", () => {
    const a = stableWithOne();
    join(group, '');
    expect(group.state).toBe('PreparingRebalance');
    // Kafka keeps the offsets of the current generation's members: no redelivery after the rebalance.
    expect(group.checkCommit(a.gen, a.id)).toBe(0);
    const rejoined = join(group, a.id);
    expect(group.state).toBe('CompletingRebalance');
    expect(group.checkCommit(rejoined.res!.generationId, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(group.checkCommit(a.gen, a.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('delays the first join of an Empty group and extends the delay while members arrive', () => {
    const delayed = new Group('d', realTimers, { initialRebalanceDelayMs: 300 });
    try {
      const a = join(delayed, '', { rebalanceTimeoutMs: 1000 });
      jest.advanceTimersByTime(250);
      const b = join(delayed, '', { rebalanceTimeoutMs: 1000 });
      jest.advanceTimersByTime(100);
      // A member joined during the first delay: the join waits another delay for more.
      expect(a.res).toBeUndefined();
      jest.advanceTimersByTime(200); // 550 ms: the second delay ends at 600
      expect(a.res).toBeUndefined();
      jest.advanceTimersByTime(60);
      expect(a.res).toMatchObject({ errorCode: 0, generationId: 1 });
      expect(b.res).toMatchObject({ errorCode: 0, generationId: 1 });
      expect(delayed.memberCount).toBe(2);
    } finally {
      delayed.shutdown();
    }
  });

  it('restores a Stable group from its snapshot; members keep their generation', () => {
    const a = stableWithOne();
    const snapshot = group.snapshot();
    const restored = new Group('g', realTimers);
    try {
      restored.restore(snapshot);
      expect(restored.state).toBe('Stable');
      expect(restored.heartbeat(a.gen, a.id)).toBe(0);
      expect(sync(restored, a.gen, a.id).res).toEqual({ errorCode: 0, assignment: Buffer.from('all') });
      // A member that never comes back expires after its session timeout.
      jest.advanceTimersByTime(SESSION + 1);
      expect(restored.state).toBe('Empty');
    } finally {
      restored.shutdown();
    }
  });

  it('rejects members with no protocol in common', () => {
    stableWithOne();
    const other = join(group, '', { protocols: [{ name: 'other', metadata: Buffer.alloc(0) }] });
    expect(other.res).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL });
  });

  it('removes a joining member whose connection closed and completes the rebalance without it', () => {
    const a = stableWithOne();
    const box: { res: JoinGroupResponse | undefined } = { res: undefined };
    const respond = (r: JoinGroupResponse): void => {
      box.res = r;
    };
    const parked = group.join(joinReq(''), respond);
    expect(parked).toBeDefined();
    group.abandonJoin(parked!, respond);
    expect(group.memberCount).toBe(1);
    expect(join(group, a.id).res).toMatchObject({
      errorCode: 0,
      generationId: 2,
      members: [{ memberId: a.id }],
    });
    expect(box.res).toBeUndefined();
  });

  it('answers parked joins and syncs on shutdown and leaves no timers', () => {
    stableWithOne();
    const b = join(group, '');
    group.shutdown();
    expect(b.res).toMatchObject({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE });
    expect(group.liveTimers).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
