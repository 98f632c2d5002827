export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

export type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

/** Committed offsets per group → topic → partition. */
export class OffsetStore {
  private readonly groups = new Map<string, GroupOffsets>();
  /** Called after every change (the file store snapshots on it). */
  onChange: (() => void) | undefined;

  commit(groupId: string, topic: string, partition: number, value: CommittedOffset): void {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new Map();
      this.groups.set(groupId, g);
    }
    let t = g.get(topic);
    if (!t) {
      t = new Map();
      g.set(topic, t);
    }
    t.set(partition, value);
    this.onChange?.();
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition);
  }

  group(groupId: string): GroupOffsets | undefined {
    return this.groups.get(groupId);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  deleteGroup(groupId: string): boolean {
    const had = this.groups.delete(groupId);
    if (had) this.onChange?.();
    return had;
  }

  deleteTopic(topic: string): void {
    let changed = false;
    for (const g of this.groups.values()) changed = g.delete(topic) || changed;
    if (changed) this.onChange?.();
  }

  toJSON(): Record<string, Record<string, Record<string, CommittedOffset>>> {
    const out: Record<string, Record<string, Record<string, CommittedOffset>>> = {};
    for (const [groupId, topics] of this.groups) {
      const g: Record<string, Record<string, CommittedOffset>> = {};
      for (const [topic, parts] of topics) g[topic] = Object.fromEntries(parts);
      out[groupId] = g;
    }
    return out;
  }

  load(json: unknown): void {
    if (typeof json !== 'object' || json === null) return;
    for (const [groupId, topics] of Object.entries(json as Record<string, unknown>)) {
      if (typeof topics !== 'object' || topics === null) continue;
      for (const [topic, parts] of Object.entries(topics as Record<string, unknown>)) {
        if (typeof parts !== 'object' || parts === null) continue;
        for (const [partition, v] of Object.entries(parts as Record<string, unknown>)) {
          const value = v as Partial<CommittedOffset>;
          if (typeof value.offset !== 'number') continue;
          const g = this.groups.get(groupId) ?? new Map<string, Map<number, CommittedOffset>>();
          this.groups.set(groupId, g);
          const t = g.get(topic) ?? new Map<number, CommittedOffset>();
          g.set(topic, t);
          t.set(Number(partition), { offset: value.offset, metadata: value.metadata ?? null });
        }
      }
    }
  }
}
