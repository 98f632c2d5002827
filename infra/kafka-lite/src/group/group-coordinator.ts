import { Group, type GroupState } from './group';
import { OffsetStore } from './offset-store';
import { realTimers, type Timers } from './timers';

/** All consumer groups plus their committed offsets. */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  readonly offsets = new OffsetStore();

  constructor(
    private readonly timers: Timers = realTimers,
    private readonly log: (msg: string) => void = () => undefined,
  ) {}

  /** The live group, created Empty on first use. */
  group(groupId: string): Group {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new Group(groupId, this.timers, this.log);
      this.groups.set(groupId, g);
    }
    return g;
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
    return 'NONE';
  }

  shutdown(): void {
    for (const g of this.groups.values()) g.shutdown();
    this.groups.clear();
  }
}
