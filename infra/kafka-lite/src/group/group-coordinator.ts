import { Group, type GroupSnapshot, type GroupState } from './group';
import { OffsetStore } from './offset-store';
import { realTimers, type Timers } from './timers';

export interface CoordinatorOptions {
  /** group.initial.rebalance.delay.ms */
  initialRebalanceDelayMs: number;
  log?: (msg: string) => void;
}

/** Receives group changes worth keeping across restarts; the coordinator log implements it. */
export interface GroupListener {
  groupChanged(groupId: string, snapshot: GroupSnapshot | undefined): void;
}

/** All consumer groups plus their committed offsets. */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  readonly offsets = new OffsetStore();
  listener: GroupListener | undefined;

  constructor(
    private readonly timers: Timers = realTimers,
    private readonly options: CoordinatorOptions = { initialRebalanceDelayMs: 0 },
  ) {}

  /** The live group, created Empty on first use. */
  group(groupId: string): Group {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new Group(groupId, this.timers, {
        initialRebalanceDelayMs: this.options.initialRebalanceDelayMs,
        log: this.options.log,
        onSnapshot: (changed) => {
          this.listener?.groupChanged(groupId, changed.snapshot());
        },
      });
      this.groups.set(groupId, g);
    }
    return g;
  }

  /** Recreates a group from its stored snapshot (at start, before any request). */
  restore(groupId: string, snapshot: GroupSnapshot): void {
    this.groups.get(groupId)?.shutdown();
    this.groups.delete(groupId);
    this.group(groupId).restore(snapshot);
  }

  find(groupId: string): Group | undefined {
    return this.groups.get(groupId);
  }

  state(groupId: string): GroupState {
    const g = this.groups.get(groupId);
    if (g) return g.state;
    return this.offsets.group(groupId) ? 'Empty' : 'Dead';
  }

  /** Groups that have members or committed offsets. */
  list(): { groupId: string; protocolType: string }[] {
    const ids = new Set([...this.offsets.groupIds()]);
    for (const [id, g] of this.groups) if (g.memberCount > 0) ids.add(id);
    return [...ids].map((groupId) => ({
      groupId,
      protocolType: this.groups.get(groupId)?.protocolType ?? 'consumer',
    }));
  }

  get size(): number {
    return this.list().length;
  }

  get liveTimers(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.liveTimers;
    return n;
  }

  /** GROUP_ID_NOT_FOUND / NON_EMPTY_GROUP / NONE as Kafka's DeleteGroups. */
  delete(groupId: string): 'GROUP_ID_NOT_FOUND' | 'NON_EMPTY_GROUP' | 'NONE' {
    const g = this.groups.get(groupId);
    if (g && g.memberCount > 0) return 'NON_EMPTY_GROUP';
    const hadOffsets = this.offsets.deleteGroup(groupId);
    if (!g && !hadOffsets) return 'GROUP_ID_NOT_FOUND';
    g?.shutdown();
    this.groups.delete(groupId);
    if (g) this.listener?.groupChanged(groupId, undefined);
    return 'NONE';
  }

  shutdown(): void {
    for (const g of this.groups.values()) g.shutdown();
    this.groups.clear();
  }
}
