/** API keys kafka-lite implements and the version ranges it advertises (classic encodings only). */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  CreatePartitions: 37,
  DeleteGroups: 42,
  IncrementalAlterConfigs: 44,
} as const;

export type ApiName = keyof typeof ApiKey;

export const SUPPORTED_VERSIONS: Readonly<Record<ApiName, readonly [number, number]>> = {
  Produce: [3, 7],
  Fetch: [4, 11],
  ListOffsets: [1, 3],
  Metadata: [0, 6],
  OffsetCommit: [2, 5],
  OffsetFetch: [1, 5],
  FindCoordinator: [0, 2],
  JoinGroup: [0, 5],
  Heartbeat: [0, 3],
  LeaveGroup: [0, 3],
  SyncGroup: [0, 3],
  DescribeGroups: [0, 2],
  ListGroups: [0, 2],
  ApiVersions: [0, 2],
  CreateTopics: [0, 3],
  DeleteTopics: [0, 1],
  DeleteRecords: [0, 1],
  InitProducerId: [0, 1],
  DescribeConfigs: [0, 2],
  AlterConfigs: [0, 1],
  CreatePartitions: [0, 1],
  DeleteGroups: [0, 1],
  IncrementalAlterConfigs: [0, 0],
};

const NAMES = new Map<number, ApiName>(Object.entries(ApiKey).map(([name, key]) => [key, name as ApiName]));

export function apiName(key: number): ApiName | undefined {
  return NAMES.get(key);
}
