import { kafkaTopicLayout } from '@commlab/contracts';

/** Every topic compose must create, with its partition count, from @commlab/contracts. */
export function expectedKafkaTopics(): Map<string, number> {
  return new Map(kafkaTopicLayout().map(({ name, partitions }): [string, number] => [name, partitions]));
}

/**
 * Parses kafka-init's `COMMLAB_TOPICS` ("orders:3 inventory:3 …", any whitespace) into topic → partitions.
 * Throws on an entry that is not `<topic>:<positive integer>` or a topic listed twice.
 */
export function parseTopicList(text: string): Map<string, number> {
  const topics = new Map<string, number>();
  for (const entry of text.split(/\s+/).filter((item) => item.length > 0)) {
    const match = /^([A-Za-z0-9._-]+):([1-9]\d*)$/.exec(entry);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new Error(`COMMLAB_TOPICS entry "${entry}" is not <topic>:<partitions>`);
    }
    if (topics.has(match[1])) throw new Error(`COMMLAB_TOPICS lists "${match[1]}" twice`);
    topics.set(match[1], Number(match[2]));
  }
  return topics;
}

/** What differs between the topics compose creates and the ones the code expects (empty = same). */
export function compareTopics(actual: Map<string, number>, expected: Map<string, number>): string[] {
  const problems: string[] = [];
  for (const [topic, partitions] of expected) {
    const got = actual.get(topic);
    if (got === undefined) problems.push(`topic ${topic} (${partitions} partitions) is not created`);
    else if (got !== partitions) {
      problems.push(`topic ${topic} is created with ${got} partitions; the contracts say ${partitions}`);
    }
  }
  for (const topic of actual.keys()) {
    if (!expected.has(topic)) problems.push(`topic ${topic} is created but is not in the contracts`);
  }
  return problems;
}
