import type { Admin } from 'kafkajs';

import { partitionLag, type PartitionLag } from './partition-lag';

export interface TopicLag {
  topic: string;
  /** False when the broker does not know the topic (nothing created it yet). */
  exists: boolean;
  partitions: PartitionLag[];
}

export interface GroupLag {
  group: string;
  /** The group's state as the broker reports it: Stable, Empty (no members), Dead (unknown), … */
  state: string;
  members: number;
  topics: TopicLag[];
  totalLag: number;
}

/**
 * Where `group` stands on `topics`, read from the broker alone (ListOffsets, OffsetFetch,
 * DescribeGroups): nothing here needs the group's consumers to run.
 */
export async function readConsumerLag(
  admin: Admin,
  group: string,
  topics: readonly string[],
): Promise<GroupLag> {
  const known = new Set(await admin.listTopics());
  const existing = topics.filter((topic) => known.has(topic));
  const committed = new Map<string, string>();
  if (existing.length > 0) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics: existing })) {
      for (const { partition, offset } of partitions) committed.set(`${topic}/${String(partition)}`, offset);
    }
  }
  const result: TopicLag[] = [];
  for (const topic of topics) {
    if (!known.has(topic)) {
      result.push({ topic, exists: false, partitions: [] });
      continue;
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const partitions = offsets
      .map(({ partition, low, high }) =>
        partitionLag(partition, committed.get(`${topic}/${String(partition)}`), low, high),
      )
      .sort((a, b) => a.partition - b.partition);
    result.push({ topic, exists: true, partitions });
  }
  const { groups } = await admin.describeGroups([group]);
  const description = groups.find((candidate) => candidate.groupId === group);
  return {
    group,
    state: description?.state ?? 'Dead',
    members: description?.members.length ?? 0,
    topics: result,
    totalLag: result.reduce(
      (sum, { partitions }) => sum + partitions.reduce((topicSum, { lag }) => topicSum + lag, 0),
      0,
    ),
  };
}
