import { PartitionLog } from './partition-log';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function isValidTopicName(name: string): boolean {
  return TOPIC_NAME.test(name) && name !== '.' && name !== '..';
}

/** Receives topic changes; the file store implements it. */
export interface TopicListener {
  created(name: string, logs: PartitionLog[]): void;
  deleted(name: string): void;
  /** Partitions were added (`added` are the new logs) or the configs changed. */
  changed(name: string, added: PartitionLog[]): void;
}

interface Topic {
  logs: PartitionLog[];
  /** Topic-level configs set by CreateTopics or AlterConfigs (the rest come from the broker). */
  configs: Map<string, string>;
}

/** Topics, their partition logs and their configs. */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  listener: TopicListener | undefined;

  get(name: string): PartitionLog[] | undefined {
    return this.topics.get(name)?.logs;
  }

  partition(name: string, partition: number): PartitionLog | undefined {
    return this.topics.get(name)?.logs[partition];
  }

  configs(name: string): ReadonlyMap<string, string> | undefined {
    return this.topics.get(name)?.configs;
  }

  names(): string[] {
    return [...this.topics.keys()];
  }

  entries(): [string, PartitionLog[]][] {
    return [...this.topics].map(([name, t]) => [name, t.logs]);
  }

  create(name: string, partitions: number, configs: ReadonlyMap<string, string> = new Map()): PartitionLog[] {
    const logs = Array.from({ length: partitions }, () => new PartitionLog());
    this.topics.set(name, { logs, configs: new Map(configs) });
    this.listener?.created(name, logs);
    return logs;
  }

  /** Grows a topic to `count` partitions (CreatePartitions). */
  addPartitions(name: string, count: number): void {
    const topic = this.topics.get(name);
    if (!topic || count <= topic.logs.length) return;
    const added = Array.from({ length: count - topic.logs.length }, () => new PartitionLog());
    topic.logs.push(...added);
    this.listener?.changed(name, added);
  }

  setConfigs(name: string, configs: ReadonlyMap<string, string>): void {
    const topic = this.topics.get(name);
    if (!topic) return;
    topic.configs = new Map(configs);
    this.listener?.changed(name, []);
  }

  delete(name: string): boolean {
    const had = this.topics.delete(name);
    if (had) this.listener?.deleted(name);
    return had;
  }
}
