import { PartitionLog } from './partition-log';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function isValidTopicName(name: string): boolean {
  return TOPIC_NAME.test(name) && name !== '.' && name !== '..';
}

/** Topics and their partition logs. */
export class TopicStore {
  private readonly topics = new Map<string, PartitionLog[]>();
  /** Called after a topic is created (with its logs) or deleted. */
  onCreate: ((name: string, logs: PartitionLog[]) => void) | undefined;
  onDelete: ((name: string) => void) | undefined;

  get(name: string): PartitionLog[] | undefined {
    return this.topics.get(name);
  }

  partition(name: string, partition: number): PartitionLog | undefined {
    return this.topics.get(name)?.[partition];
  }

  names(): string[] {
    return [...this.topics.keys()];
  }

  entries(): [string, PartitionLog[]][] {
    return [...this.topics.entries()];
  }

  create(name: string, partitions: number): PartitionLog[] {
    const logs = Array.from({ length: partitions }, () => new PartitionLog());
    this.topics.set(name, logs);
    this.onCreate?.(name, logs);
    return logs;
  }

  delete(name: string): boolean {
    const had = this.topics.delete(name);
    if (had) this.onDelete?.(name);
    return had;
  }
}
