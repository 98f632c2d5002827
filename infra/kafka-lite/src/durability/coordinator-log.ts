import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GroupSnapshot } from '../group/group';
import type { GroupCoordinator, GroupListener } from '../group/group-coordinator';
import type { OffsetEntry, OffsetListener } from '../group/offset-store';
import { writeAtomic, type FsyncQueue } from './fsync-queue';

/** The log is folded into the snapshot once it is larger than this. */
const COMPACT_BYTES = 1024 * 1024;

interface SnapshotJson {
  version: 2;
  offsets: unknown;
  groups: Record<string, unknown>;
  nextProducerId: number;
}

/** One line of offsets.log. */
type LogRecord =
  | { commit: string; offsets: [string, number, number, string | null][] }
  | { group: string; state: unknown }
  | { deleteGroup: string }
  | { deleteTopic: string }
  | { nextProducerId: number };

function groupToJson(s: GroupSnapshot): unknown {
  return {
    ...s,
    members: s.members.map((m) => ({
      ...m,
      protocols: m.protocols.map((p) => ({ name: p.name, metadata: p.metadata.toString('base64') })),
      assignment: m.assignment.toString('base64'),
    })),
  };
}

function groupFromJson(json: unknown): GroupSnapshot | undefined {
  const g = json as Partial<GroupSnapshot> & { members?: unknown };
  if (typeof g.generationId !== 'number' || !Array.isArray(g.members)) return undefined;
  const members = (g.members as Record<string, unknown>[]).map((m) => ({
    memberId: String(m.memberId),
    clientId: String(m.clientId),
    clientHost: String(m.clientHost),
    sessionTimeoutMs: Number(m.sessionTimeoutMs),
    rebalanceTimeoutMs: Number(m.rebalanceTimeoutMs),
    protocols: (m.protocols as { name: string; metadata: string }[]).map((p) => ({
      name: p.name,
      metadata: Buffer.from(p.metadata, 'base64'),
    })),
    assignment: Buffer.from(String(m.assignment), 'base64'),
  }));
  return {
    generationId: g.generationId,
    protocolType: String(g.protocolType),
    protocolName: String(g.protocolName),
    leaderId: String(g.leaderId),
    members,
  };
}

/**
 * The group coordinator's durable state in a data directory, written before anything is answered:
 *   offsets.json   snapshot: committed offsets, group membership, next producer id block
 *   offsets.log    one JSON line per change since the snapshot (a commit request is one line)
 * Every change is written with write(2) before the request is answered, so an acknowledged commit
 * survives a crash of the process; with fsync it is also fsynced first (survives the machine).
 */
export class CoordinatorLog implements OffsetListener, GroupListener {
  private fd = -1;
  private logBytes = 0;
  private readonly groups = new Map<string, unknown>();
  private nextProducerIdValue = 0;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly coordinator: GroupCoordinator,
    private readonly fsync: FsyncQueue | undefined,
  ) {}

  /** The first producer id not yet handed out before the last restart. */
  get nextProducerId(): number {
    return this.nextProducerIdValue;
  }

  static open(dir: string, coordinator: GroupCoordinator, fsync?: FsyncQueue): CoordinatorLog {
    const log = new CoordinatorLog(dir, coordinator, fsync);
    log.load();
    coordinator.offsets.listener = log;
    coordinator.listener = log;
    return log;
  }

  private get snapshotFile(): string {
    return path.join(this.dir, 'offsets.json');
  }

  private get logFile(): string {
    return path.join(this.dir, 'offsets.log');
  }

  private load(): void {
    if (fs.existsSync(this.snapshotFile)) {
      const json = JSON.parse(fs.readFileSync(this.snapshotFile, 'utf8')) as Partial<SnapshotJson>;
      if (json.version === 2) {
        this.coordinator.offsets.load(json.offsets);
        for (const [id, g] of Object.entries(json.groups ?? {})) this.groups.set(id, g);
        this.nextProducerIdValue = json.nextProducerId ?? 0;
      } else {
        this.coordinator.offsets.load(json); // before version 2: the bare offsets map
      }
    }
    const data = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile) : Buffer.alloc(0);
    let pos = 0;
    while (pos < data.length) {
      const end = data.indexOf(0x0a, pos);
      if (end < 0) break; // torn last line
      let record: LogRecord;
      try {
        record = JSON.parse(data.toString('utf8', pos, end)) as LogRecord;
      } catch {
        break; // corrupt from here on
      }
      this.replay(record);
      pos = end + 1;
    }
    this.fd = fs.openSync(this.logFile, 'a+');
    if (pos < data.length) fs.ftruncateSync(this.fd, pos);
    this.logBytes = pos;
    for (const [id, json] of this.groups) {
      const snapshot = groupFromJson(json);
      if (snapshot) this.coordinator.restore(id, snapshot);
    }
  }

  private replay(record: LogRecord): void {
    const offsets = this.coordinator.offsets;
    if ('commit' in record) {
      offsets.apply(
        record.commit,
        record.offsets.map(([t, p, offset, metadata]) => [t, p, { offset, metadata }]),
      );
    } else if ('group' in record) {
      this.groups.set(record.group, record.state);
    } else if ('deleteGroup' in record) {
      this.groups.delete(record.deleteGroup);
      offsets.deleteGroup(record.deleteGroup); // no listener yet while loading
    } else if ('deleteTopic' in record) {
      offsets.deleteTopic(record.deleteTopic);
    } else {
      this.nextProducerIdValue = Math.max(this.nextProducerIdValue, record.nextProducerId);
    }
  }

  committed(groupId: string, entries: readonly OffsetEntry[]): void {
    this.append({ commit: groupId, offsets: entries.map(([t, p, v]) => [t, p, v.offset, v.metadata]) });
  }

  groupDeleted(groupId: string): void {
    this.groups.delete(groupId);
    this.append({ deleteGroup: groupId });
  }

  topicDeleted(topic: string): void {
    this.append({ deleteTopic: topic });
  }

  groupChanged(groupId: string, snapshot: GroupSnapshot | undefined): void {
    if (snapshot === undefined) {
      this.groupDeleted(groupId);
      return;
    }
    const state = groupToJson(snapshot);
    this.groups.set(groupId, state);
    this.append({ group: groupId, state });
  }

  /** Records that producer ids below `next` may have been handed out (before handing them out). */
  reserveProducerIds(next: number): void {
    this.nextProducerIdValue = next;
    this.append({ nextProducerId: next });
  }

  private append(record: LogRecord): void {
    if (this.closed) return;
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    fs.writeSync(this.fd, line);
    this.logBytes += line.length;
    this.fsync?.markDirty(this.fd);
    if (this.logBytes > COMPACT_BYTES) this.compact();
  }

  /** Folds the log into a new snapshot and empties the log. */
  private compact(): void {
    const snapshot: SnapshotJson = {
      version: 2,
      offsets: this.coordinator.offsets.toJSON(),
      groups: Object.fromEntries(this.groups),
      nextProducerId: this.nextProducerIdValue,
    };
    writeAtomic(this.snapshotFile, JSON.stringify(snapshot), this.fsync !== undefined);
    fs.ftruncateSync(this.fd, 0);
    this.logBytes = 0;
  }

  close(): void {
    if (this.closed) return;
    this.compact();
    this.closed = true;
    fs.closeSync(this.fd);
    this.fd = -1;
    if (this.coordinator.offsets.listener === this) this.coordinator.offsets.listener = undefined;
    if (this.coordinator.listener === this) this.coordinator.listener = undefined;
  }
}
