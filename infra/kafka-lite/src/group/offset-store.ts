export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

export type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

/** One partition's commit: [topic, partition, offset and metadata]. */
export type OffsetEntry = [topic: string, partition: number, value: CommittedOffset];

/** Receives every change; the coordinator log writes it down before the commit is answered. */
export interface OffsetListener {
  committed(groupId: string, entries: readonly OffsetEntry[]): void;
  groupDeleted(groupId: string): void;
  topicDeleted(topic: string): void;
}

/** Committed offsets per group → topic → partition. */
export class OffsetStore {
  private readonly groups = new Map<string, GroupOffsets>();
  listener: OffsetListener | undefined;

  /** Stores the offsets of one OffsetCommit request (written down as one record). */
  commit(groupId: string, entries: readonly OffsetEntry[]): void {
    if (entries.length === 0) return;
    this.apply(groupId, entries);
    this.listener?.committed(groupId, entries);
  }

  /** Stores offsets without telling the listener (replay of the coordinator log). */
  apply(groupId: string, entries: readonly OffsetEntry[]): void {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new Map();
      this.groups.set(groupId, g);
    }
    for (const [topic, partition, value] of entries) {
      let t = g.get(topic);
      if (!t) {
        t = new Map();
        g.set(topic, t);
      }
      t.set(partition, value);
    }
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
    if (had) this.listener?.groupDeleted(groupId);
    return had;
  }

  deleteTopic(topic: string): void {
    let changed = false;
    for (const [id, g] of this.groups) {
      changed = g.delete(topic) || changed;
      if (g.size === 0) this.groups.delete(id);
    }
    if (changed) this.listener?.topicDeleted(topic);
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

  /** Loads the JSON form of `toJSON()`, skipping malformed entries. */
  load(json: unknown): void {
    if (typeof json !== 'object' || json === null) return;
    for (const [groupId, topics] of Object.entries(json as Record<string, unknown>)) {
      if (typeof topics !== 'object' || topics === null) continue;
      for (const [topic, parts] of Object.entries(topics as Record<string, unknown>)) {
        if (typeof parts !== 'object' || parts === null) continue;
        for (const [partition, v] of Object.entries(parts as Record<string, unknown>)) {
          const value = v as Partial<CommittedOffset>;
          if (typeof value.offset !== 'number') continue;
          this.apply(groupId, [
            [topic, Number(partition), { offset: value.offset, metadata: value.metadata ?? null }],
          ]);
        }
      }
    }
  }
}
