import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomic, type FsyncQueue } from '../durability/fsync-queue';
import { batchSizeAt, validateBatch } from '../protocol/record-batch';
import type { LogListener, PartitionLog, StoredBatch } from './partition-log';
import type { TopicListener, TopicStore } from './topic-store';

const ENTRY_HEADER = 8; // append time (int64) before each batch
const MIN_REWRITE_BYTES = 64 * 1024;

/**
 * Topic data under a data directory (the group coordinator's state is in CoordinatorLog):
 *   topics.json                  topic names, partition counts and topic configs
 *   logs/<topic>/<p>.log         append-only [appendTime int64][RecordBatch v2] entries
 *   logs/<topic>/<p>.start       log start offset after retention
 * Every batch is written with write(2) before the produce request is answered. A torn or corrupt
 * tail of a .log file is truncated when it is loaded.
 */
export class FileStore implements TopicListener {
  private readonly files = new Map<string, PartitionFile[]>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly topics: TopicStore,
    private readonly fsync: FsyncQueue | undefined,
  ) {}

  static open(dir: string, topics: TopicStore, fsync?: FsyncQueue): FileStore {
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const store = new FileStore(dir, topics, fsync);
    topics.listener = store;
    for (const t of store.readTopics())
      topics.create(t.name, t.partitions, new Map(Object.entries(t.configs)));
    return store;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const parts of this.files.values()) for (const f of parts) f.close();
    this.files.clear();
    if (this.topics.listener === this) this.topics.listener = undefined;
  }

  created(name: string, logs: PartitionLog[]): void {
    this.attach(name, logs, 0);
    this.writeTopics();
  }

  deleted(name: string): void {
    this.detach(name);
    this.writeTopics();
  }

  changed(name: string, added: PartitionLog[]): void {
    if (added.length > 0) this.attach(name, added, this.files.get(name)?.length ?? 0);
    this.writeTopics();
  }

  private readTopics(): { name: string; partitions: number; configs: Record<string, string> }[] {
    const file = path.join(this.dir, 'topics.json');
    if (!fs.existsSync(file)) return [];
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      topics?: { name?: unknown; partitions?: unknown; configs?: unknown }[];
    };
    return (json.topics ?? []).flatMap((t) =>
      typeof t.name === 'string' && typeof t.partitions === 'number'
        ? [{ name: t.name, partitions: t.partitions, configs: stringRecord(t.configs) }]
        : [],
    );
  }

  private writeTopics(): void {
    const topics = this.topics.entries().map(([name, logs]) => ({
      name,
      partitions: logs.length,
      configs: Object.fromEntries(this.topics.configs(name) ?? []),
    }));
    writeAtomic(
      path.join(this.dir, 'topics.json'),
      JSON.stringify({ topics }, null, 2),
      this.fsync !== undefined,
    );
  }

  /** Opens the files of `logs`, the partitions from `first` on. */
  private attach(name: string, logs: PartitionLog[], first: number): void {
    const topicDir = path.join(this.dir, 'logs', name);
    fs.mkdirSync(topicDir, { recursive: true });
    const opened = logs.map((log, i) =>
      PartitionFile.open(path.join(topicDir, String(first + i)), log, this.fsync),
    );
    this.files.set(name, [...(this.files.get(name) ?? []), ...opened]);
  }

  private detach(name: string): void {
    for (const f of this.files.get(name) ?? []) f.close();
    this.files.delete(name);
    fs.rmSync(path.join(this.dir, 'logs', name), { recursive: true, force: true });
  }
}

class PartitionFile implements LogListener {
  private fd: number;
  private fileBytes: number;

  private constructor(
    private readonly base: string,
    private readonly log: PartitionLog,
    private readonly fsync: FsyncQueue | undefined,
  ) {
    this.fd = -1;
    this.fileBytes = 0;
  }

  static open(base: string, log: PartitionLog, fsync: FsyncQueue | undefined): PartitionFile {
    const f = new PartitionFile(base, log, fsync);
    f.load();
    log.listener = f;
    return f;
  }

  private get logFile(): string {
    return `${this.base}.log`;
  }

  private load(): void {
    let start = 0;
    if (fs.existsSync(`${this.base}.start`))
      start = Number(fs.readFileSync(`${this.base}.start`, 'utf8')) || 0;
    const data = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile) : Buffer.alloc(0);
    let pos = 0;
    while (pos < data.length) {
      const size = batchSizeAt(data, pos + ENTRY_HEADER);
      if (size < 0 || pos + ENTRY_HEADER + size > data.length) break;
      const bytes = Buffer.from(data.subarray(pos + ENTRY_HEADER, pos + ENTRY_HEADER + size));
      if (validateBatch(bytes) !== undefined) break;
      const baseOffset = Number(bytes.readBigInt64BE(0));
      const batch: StoredBatch = {
        baseOffset,
        nextOffset: baseOffset + bytes.readInt32BE(23) + 1,
        bytes,
        maxTimestamp: Number(bytes.readBigInt64BE(35)),
        appendTimeMs: Number(data.readBigInt64BE(pos)),
      };
      if (batch.nextOffset > start) this.log.restore(batch);
      pos += ENTRY_HEADER + size;
    }
    this.log.restoreLogStart(start);
    this.fd = fs.openSync(this.logFile, 'a+');
    if (pos < data.length) fs.ftruncateSync(this.fd, pos); // torn or corrupt tail
    this.fileBytes = pos;
  }

  appended(batch: StoredBatch): void {
    const head = Buffer.allocUnsafe(ENTRY_HEADER);
    head.writeBigInt64BE(BigInt(batch.appendTimeMs));
    fs.writeSync(this.fd, Buffer.concat([head, batch.bytes]));
    this.fileBytes += ENTRY_HEADER + batch.bytes.length;
    this.fsync?.markDirty(this.fd);
  }

  logStartAdvanced(logStartOffset: number): void {
    writeAtomic(`${this.base}.start`, String(logStartOffset), this.fsync !== undefined);
    const live = this.log.sizeBytes + this.log.batchCount * ENTRY_HEADER;
    const dead = this.fileBytes - live;
    if (dead > Math.max(MIN_REWRITE_BYTES, live)) this.rewrite();
  }

  /** Rewrites the log file with only the live batches (after retention dropped many). */
  private rewrite(): void {
    const parts: Buffer[] = [];
    for (const b of this.log.liveBatches()) {
      const head = Buffer.allocUnsafe(ENTRY_HEADER);
      head.writeBigInt64BE(BigInt(b.appendTimeMs));
      parts.push(head, b.bytes);
    }
    const data = Buffer.concat(parts);
    fs.closeSync(this.fd);
    writeAtomic(this.logFile, data, this.fsync !== undefined);
    this.fd = fs.openSync(this.logFile, 'a+');
    this.fileBytes = data.length;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.log.listener = undefined;
  }
}

function stringRecord(json: unknown): Record<string, string> {
  if (typeof json !== 'object' || json === null) return {};
  return Object.fromEntries(
    Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
