import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errors';
import type { JoinGroupResponse } from '../protocol/apis/join-group';
import type { Timers } from './timers';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface JoinRequest {
  memberId: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  /** JoinGroup v4+: a new member first gets MEMBER_ID_REQUIRED and its id. */
  requireKnownMemberId: boolean;
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

/** What is kept of a group across restarts (Kafka stores the same in __consumer_offsets). */
export interface GroupSnapshot {
  generationId: number;
  protocolType: string;
  protocolName: string;
  leaderId: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    sessionTimeoutMs: number;
    rebalanceTimeoutMs: number;
    protocols: { name: string; metadata: Buffer }[];
    assignment: Buffer;
  }[];
}

export interface GroupOptions {
  /** group.initial.rebalance.delay.ms: the first join of an Empty group waits this long for more members. */
  initialRebalanceDelayMs: number;
  /** Called when the group has a new state worth keeping: Stable with assignments, or Empty. */
  onSnapshot?: (group: Group) => void;
  log?: (msg: string) => void;
}

interface Member {
  memberId: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  assignment: Buffer;
  sessionTimer: unknown;
  awaitingJoin: ((res: JoinGroupResponse) => void) | undefined;
  awaitingSync: ((res: SyncResult) => void) | undefined;
}

const EMPTY = Buffer.alloc(0);

function joinError(errorCode: number, memberId = ''): JoinGroupResponse {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

/** One consumer group's membership state machine (Kafka's classic group protocol). */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType = '';
  protocolName = '';
  leaderId = '';
  private readonly members = new Map<string, Member>();
  /** Ids handed out with MEMBER_ID_REQUIRED, valid until the session timeout passes. */
  private readonly pending = new Map<string, unknown>();
  private rebalanceTimer: unknown;
  /** Set while the first join of an Empty group is delayed (group.initial.rebalance.delay.ms). */
  private initialJoin: { remainingMs: number; newMemberAdded: boolean } | undefined;
  private readonly log: (msg: string) => void;

  constructor(
    readonly groupId: string,
    private readonly timers: Timers,
    private readonly options: GroupOptions = { initialRebalanceDelayMs: 0 },
  ) {
    this.log = options.log ?? (() => undefined);
  }

  get memberCount(): number {
    return this.members.size;
  }

  /** Timers and waiters still held (for leak checks). */
  get liveTimers(): number {
    let n = this.pending.size + (this.rebalanceTimer === undefined ? 0 : 1);
    for (const m of this.members.values()) if (m.sessionTimer !== undefined) n++;
    return n;
  }

  describeMembers(): {
    memberId: string;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
      assignment: this.state === 'Stable' ? m.assignment : EMPTY,
    }));
  }

  /** Returns the id of the member whose join is now parked, if it was parked. */
  join(req: JoinRequest, respond: (res: JoinGroupResponse) => void): string | undefined {
    if (this.state === 'Dead') {
      respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
      return;
    }
    if (req.protocols.length === 0 || !this.supportsProtocols(req)) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
      return;
    }
    let memberId = req.memberId;
    if (memberId === '') {
      memberId = `${req.clientId}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        const timer = this.timers.setTimeout(() => this.pending.delete(memberId), req.sessionTimeoutMs);
        this.pending.set(memberId, timer);
        respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
        return;
      }
    } else if (this.pending.has(memberId)) {
      this.timers.clearTimeout(this.pending.get(memberId));
      this.pending.delete(memberId);
    } else if (!this.members.has(memberId)) {
      respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
      return;
    }

    let member = this.members.get(memberId);
    if (member === undefined) {
      member = {
        memberId,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocolType: req.protocolType,
        protocols: req.protocols,
        assignment: EMPTY,
        sessionTimer: undefined,
        awaitingJoin: undefined,
        awaitingSync: undefined,
      };
      this.members.set(memberId, member);
      if (this.members.size === 1) this.protocolType = req.protocolType;
      if (this.initialJoin && this.generationId === 0) this.initialJoin.newMemberAdded = true;
    } else {
      member.protocols = req.protocols;
      member.sessionTimeoutMs = req.sessionTimeoutMs;
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    }
    // A previous join still parked for this member is superseded.
    member.awaitingJoin?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    member.awaitingJoin = respond;
    // A member waiting in a rebalance is kept alive by the rebalance timeout, not its session.
    this.clearSession(member);
    if (this.state !== 'PreparingRebalance') this.prepareRebalance(`member ${memberId} joined`);
    this.maybeCompleteJoin();
    return member.awaitingJoin === respond ? memberId : undefined;
  }

  sync(
    generationId: number,
    memberId: string,
    assignments: { memberId: string; assignment: Buffer }[],
    respond: (res: SyncResult) => void,
  ): void {
    const member = this.members.get(memberId);
    if (member === undefined) {
      respond({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
      return;
    }
    if (generationId !== this.generationId) {
      respond({ errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
      return;
    }
    if (this.state === 'PreparingRebalance') {
      respond({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      return;
    }
    this.touchSession(member);
    if (this.state === 'Stable') {
      respond({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      return;
    }
    member.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    member.awaitingSync = respond;
    if (memberId === this.leaderId) {
      const byId = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of this.members.values()) m.assignment = byId.get(m.memberId) ?? EMPTY;
      this.state = 'Stable';
      this.log(`group ${this.groupId} generation ${this.generationId} is Stable`);
      this.options.onSnapshot?.(this);
      for (const m of this.members.values()) {
        const cb = m.awaitingSync;
        m.awaitingSync = undefined;
        cb?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
      }
    }
  }

  heartbeat(generationId: number, memberId: string): number {
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (member.awaitingJoin === undefined) this.touchSession(member);
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === 'PreparingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  /**
   * Validates an OffsetCommit as Kafka's group coordinator does; NONE means the offsets may be stored.
   * A commit without generation is accepted only while the group is Empty. Members of the current
   * generation may commit while a rebalance is being prepared (their offsets are still theirs), but
   * not between JoinGroup and SyncGroup (CompletingRebalance), where they get REBALANCE_IN_PROGRESS.
   */
  checkCommit(generationId: number, memberId: string): number {
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && this.state === 'Empty') return ErrorCode.NONE;
    if (generationId < 0 && memberId === '') return ErrorCode.UNKNOWN_MEMBER_ID;
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    if (member.awaitingJoin === undefined) this.touchSession(member);
    return ErrorCode.NONE;
  }

  leave(memberId: string): number {
    if (this.pending.has(memberId)) {
      this.timers.clearTimeout(this.pending.get(memberId));
      this.pending.delete(memberId);
      return ErrorCode.NONE;
    }
    if (!this.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(memberId, 'left the group');
    return ErrorCode.NONE;
  }

  /**
   * The connection carrying a parked JoinGroup closed: the client is gone, so the member is removed
   * now instead of holding the rebalance until its timeout.
   */
  abandonJoin(memberId: string, respond: (res: JoinGroupResponse) => void): void {
    const member = this.members.get(memberId);
    if (member?.awaitingJoin !== respond) return;
    member.awaitingJoin = undefined;
    this.removeMember(memberId, 'disconnected while joining');
  }

  snapshot(): GroupSnapshot {
    return {
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leaderId: this.leaderId,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        sessionTimeoutMs: m.sessionTimeoutMs,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        protocols: m.protocols,
        assignment: m.assignment,
      })),
    };
  }

  /**
   * Loads a snapshot after a restart: the group is Stable with its members and assignments, and every
   * member must heartbeat within its session timeout, as after a Kafka coordinator failover.
   */
  restore(snapshot: GroupSnapshot): void {
    this.generationId = snapshot.generationId;
    this.protocolType = snapshot.protocolType;
    this.protocolName = snapshot.protocolName;
    this.leaderId = snapshot.leaderId;
    for (const m of snapshot.members) {
      const member: Member = {
        ...m,
        protocolType: snapshot.protocolType,
        sessionTimer: undefined,
        awaitingJoin: undefined,
        awaitingSync: undefined,
      };
      this.members.set(m.memberId, member);
      this.touchSession(member);
    }
    this.state = this.members.size > 0 ? 'Stable' : 'Empty';
  }

  /** Drops every timer and answers every parked request (broker shutdown, group deletion). */
  shutdown(): void {
    this.initialJoin = undefined;
    this.clearRebalanceTimer();
    for (const t of this.pending.values()) this.timers.clearTimeout(t);
    this.pending.clear();
    for (const m of this.members.values()) {
      this.clearSession(m);
      m.awaitingJoin?.(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, m.memberId));
      m.awaitingSync?.({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
    }
    this.members.clear();
    this.state = 'Dead';
  }

  private supportsProtocols(req: JoinRequest): boolean {
    const others = [...this.members.values()].filter((m) => m.memberId !== req.memberId);
    if (others.length === 0) return true;
    if (req.protocolType !== this.protocolType) return false;
    return req.protocols.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  private removeMember(memberId: string, why: string): void {
    const member = this.members.get(memberId);
    if (member === undefined) return;
    this.clearSession(member);
    this.members.delete(memberId);
    this.log(`group ${this.groupId}: member ${memberId} ${why}`);
    member.awaitingJoin?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    member.awaitingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') this.prepareRebalance(why);
    this.maybeCompleteJoin();
  }

  private prepareRebalance(why: string): void {
    const wasEmpty = this.state === 'Empty';
    if (this.state === 'CompletingRebalance') {
      for (const m of this.members.values()) {
        const cb = m.awaitingSync;
        m.awaitingSync = undefined;
        cb?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      }
    }
    this.state = 'PreparingRebalance';
    this.log(`group ${this.groupId} rebalancing: ${why}`);
    let timeout = 0;
    for (const m of this.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    this.clearRebalanceTimer();
    const delay = this.options.initialRebalanceDelayMs;
    if (wasEmpty && delay > 0) {
      // Kafka's InitialDelayedJoin: wait for more members before the first generation is formed.
      this.initialJoin = { remainingMs: Math.max(timeout - delay, 0), newMemberAdded: false };
      this.scheduleRebalanceTimer(Math.min(delay, timeout), () => {
        this.onInitialDelay();
      });
      return;
    }
    this.scheduleRebalanceTimer(timeout, () => {
      this.onRebalanceTimeout();
    });
  }

  private scheduleRebalanceTimer(ms: number, fn: () => void): void {
    this.rebalanceTimer = this.timers.setTimeout(() => {
      this.rebalanceTimer = undefined;
      fn();
    }, ms);
  }

  /** The initial delay passed: extend it while new members keep arriving (up to the rebalance timeout). */
  private onInitialDelay(): void {
    const initial = this.initialJoin;
    if (initial === undefined || this.state !== 'PreparingRebalance') return;
    if (initial.newMemberAdded && initial.remainingMs > 0) {
      const delay = Math.min(this.options.initialRebalanceDelayMs, initial.remainingMs);
      this.initialJoin = { remainingMs: Math.max(initial.remainingMs - delay, 0), newMemberAdded: false };
      this.scheduleRebalanceTimer(delay, () => {
        this.onInitialDelay();
      });
      return;
    }
    this.initialJoin = undefined;
    this.onRebalanceTimeout();
  }

  private onRebalanceTimeout(): void {
    if (this.state !== 'PreparingRebalance') return;
    for (const m of [...this.members.values()]) {
      if (m.awaitingJoin === undefined) {
        this.clearSession(m);
        this.members.delete(m.memberId);
        this.log(`group ${this.groupId}: member ${m.memberId} did not rejoin in time`);
      }
    }
    this.completeJoin();
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.initialJoin !== undefined) return;
    for (const m of this.members.values()) if (m.awaitingJoin === undefined) return;
    this.completeJoin();
  }

  private completeJoin(): void {
    this.clearRebalanceTimer();
    this.generationId++;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.leaderId = '';
      this.protocolName = '';
      this.options.onSnapshot?.(this);
      return;
    }
    const members = [...this.members.values()];
    if (!this.members.has(this.leaderId)) this.leaderId = members[0]?.memberId ?? '';
    const leader = this.members.get(this.leaderId);
    this.protocolName =
      leader?.protocols.find((p) => members.every((m) => m.protocols.some((q) => q.name === p.name)))?.name ??
      '';
    this.state = 'CompletingRebalance';
    this.log(`group ${this.groupId} generation ${this.generationId}: ${members.length} member(s)`);
    for (const m of members) {
      const cb = m.awaitingJoin;
      m.awaitingJoin = undefined;
      m.assignment = EMPTY;
      this.touchSession(m);
      cb?.({
        errorCode: ErrorCode.NONE,
        generationId: this.generationId,
        protocolName: this.protocolName,
        leader: this.leaderId,
        memberId: m.memberId,
        members:
          m.memberId === this.leaderId
            ? members.map((x) => ({
                memberId: x.memberId,
                groupInstanceId: null,
                metadata: x.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
              }))
            : [],
      });
    }
  }

  private touchSession(member: Member): void {
    this.clearSession(member);
    member.sessionTimer = this.timers.setTimeout(() => {
      member.sessionTimer = undefined;
      this.removeMember(member.memberId, `session expired after ${member.sessionTimeoutMs} ms`);
    }, member.sessionTimeoutMs);
  }

  private clearSession(member: Member): void {
    if (member.sessionTimer !== undefined) this.timers.clearTimeout(member.sessionTimer);
    member.sessionTimer = undefined;
  }

  private clearRebalanceTimer(): void {
    if (this.rebalanceTimer !== undefined) this.timers.clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = undefined;
  }
}
