/**
 * Golden tests: every response version kafkajs can negotiate with kafka-lite is decoded by kafkajs's own
 * protocol decoders, and kafkajs's request encoders are read back by kafka-lite's decoders.
 */
import { createRequire } from 'node:module';
import { SUPPORTED_VERSIONS, type ApiName } from './api-keys';
import { encodeApiVersionsResponse } from './apis/api-versions';
import {
  decodeAlterConfigsRequest,
  decodeIncrementalAlterConfigsRequest,
  encodeAlterConfigsResponse,
} from './apis/alter-configs';
import { decodeCreatePartitionsRequest, encodeCreatePartitionsResponse } from './apis/create-partitions';
import { decodeCreateTopicsRequest, encodeCreateTopicsResponse } from './apis/create-topics';
import { decodeDeleteRecordsRequest, encodeDeleteRecordsResponse } from './apis/delete-records';
import { decodeDescribeConfigsRequest, encodeDescribeConfigsResponse } from './apis/describe-configs';
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from './apis/init-producer-id';
import { decodeDeleteGroupsRequest, encodeDeleteGroupsResponse } from './apis/delete-groups';
import { decodeDeleteTopicsRequest, encodeDeleteTopicsResponse } from './apis/delete-topics';
import { decodeDescribeGroupsRequest, encodeDescribeGroupsResponse } from './apis/describe-groups';
import { decodeFetchRequest, encodeFetchResponse } from './apis/fetch';
import { decodeFindCoordinatorRequest, encodeFindCoordinatorResponse } from './apis/find-coordinator';
import { decodeHeartbeatRequest, encodeHeartbeatResponse } from './apis/heartbeat';
import { decodeJoinGroupRequest, encodeJoinGroupResponse } from './apis/join-group';
import { decodeLeaveGroupRequest, encodeLeaveGroupResponse } from './apis/leave-group';
import { encodeListGroupsResponse } from './apis/list-groups';
import { decodeListOffsetsRequest, encodeListOffsetsResponse } from './apis/list-offsets';
import { decodeMetadataRequest, encodeMetadataResponse } from './apis/metadata';
import { decodeOffsetCommitRequest, encodeOffsetCommitResponse } from './apis/offset-commit';
import { decodeOffsetFetchRequest, encodeOffsetFetchResponse } from './apis/offset-fetch';
import { decodeProduceRequest, encodeProduceResponse } from './apis/produce';
import { decodeSyncGroupRequest, encodeSyncGroupResponse } from './apis/sync-group';
import { Reader } from './reader';
import { parseRecordBatches, setBaseOffset } from './record-batch';
import { Writer } from './writer';

const load = createRequire(__filename) as (id: string) => unknown;

type Decoded = Record<string, unknown>;
interface KafkajsResponse {
  decode(buf: Buffer): Promise<Decoded>;
}
type KafkajsRequestFactory = (args: unknown) => { encode(): Promise<{ buffer: Buffer }> };

/** kafkajs's folder per API; IncrementalAlterConfigs is not in kafkajs (tested with hand-made bytes). */
const DIRS: Partial<Record<ApiName, string>> = {
  Produce: 'produce',
  Fetch: 'fetch',
  ListOffsets: 'listOffsets',
  Metadata: 'metadata',
  OffsetCommit: 'offsetCommit',
  OffsetFetch: 'offsetFetch',
  FindCoordinator: 'findCoordinator',
  JoinGroup: 'joinGroup',
  Heartbeat: 'heartbeat',
  LeaveGroup: 'leaveGroup',
  SyncGroup: 'syncGroup',
  DescribeGroups: 'describeGroups',
  ListGroups: 'listGroups',
  ApiVersions: 'apiVersions',
  CreateTopics: 'createTopics',
  DeleteTopics: 'deleteTopics',
  DeleteGroups: 'deleteGroups',
  DeleteRecords: 'deleteRecords',
  InitProducerId: 'initProducerId',
  DescribeConfigs: 'describeConfigs',
  AlterConfigs: 'alterConfigs',
  CreatePartitions: 'createPartitions',
};

/** Versions kafkajs implements and kafka-lite advertises. */
function negotiable(api: ApiName): number[] {
  const [min, max] = SUPPORTED_VERSIONS[api];
  const dir = DIRS[api];
  const out: number[] = [];
  for (let v = min; dir !== undefined && v <= max; v++) {
    try {
      createRequire(__filename).resolve(`kafkajs/src/protocol/requests/${dir}/v${v}/response`);
      out.push(v);
    } catch {
      // kafkajs has no such version; clients cannot negotiate it.
    }
  }
  return out;
}

function kjResponse(api: ApiName, v: number): KafkajsResponse {
  return load(`kafkajs/src/protocol/requests/${DIRS[api] ?? api}/v${v}/response`) as KafkajsResponse;
}

async function kjRequest(api: ApiName, v: number, args: unknown): Promise<Reader> {
  const factory = load(
    `kafkajs/src/protocol/requests/${DIRS[api] ?? api}/v${v}/request`,
  ) as KafkajsRequestFactory;
  const encoder = await factory(args).encode();
  return new Reader(encoder.buffer);
}

function encode(fn: (w: Writer) => void): Buffer {
  const w = new Writer(8);
  fn(w);
  return Buffer.from(w.toBuffer());
}

const produceArgs = {
  acks: -1,
  timeout: 1000,
  topicData: [
    {
      topic: 'orders',
      partitions: [
        {
          partition: 2,
          firstSequence: 0,
          messages: [
            { key: 'k1', value: 'v1', headers: { h: 'x' }, timestamp: 1_700_000_000_000 },
            { key: 'k2', value: 'v2', timestamp: 1_700_000_000_001 },
          ],
        },
      ],
    },
  ],
};

async function sampleBatch(): Promise<Buffer> {
  const req = decodeProduceRequest(await kjRequest('Produce', 3, produceArgs), 3);
  const batches = parseRecordBatches(req.topics[0]!.partitions[0]!.records!);
  if (!Array.isArray(batches)) throw new Error(batches.message);
  const bytes = Buffer.from(batches[0]!.bytes);
  setBaseOffset(bytes, 40);
  return bytes;
}

describe('golden: kafkajs decodes every negotiable response version', () => {
  it('covers every API kafka-lite advertises that kafkajs implements', () => {
    const apis = Object.keys(SUPPORTED_VERSIONS) as ApiName[];
    expect(apis.filter((api) => DIRS[api] === undefined)).toEqual(['IncrementalAlterConfigs']);
    for (const api of apis.filter((a) => DIRS[a] !== undefined))
      expect(negotiable(api).length).toBeGreaterThan(0);
  });

  it.each(negotiable('ApiVersions'))('ApiVersions v%i', async (v) => {
    const res = await kjResponse('ApiVersions', v).decode(
      encode((w) => {
        encodeApiVersionsResponse(w, v);
      }),
    );
    expect(res.errorCode).toBe(0);
    expect(res.apiVersions).toEqual(
      expect.arrayContaining([
        { apiKey: 1, minVersion: 4, maxVersion: 11 },
        { apiKey: 42, minVersion: 0, maxVersion: 1 },
      ]),
    );
  });

  it('ApiVersions v3 (librdkafka) gets UNSUPPORTED_VERSION in the v0 layout', () => {
    // kafkajs's v0 decoder throws on the error code, so read the v0 layout with its Decoder.
    const Decoder = load('kafkajs/src/protocol/decoder') as new (buf: Buffer) => {
      readInt16(): number;
      readArray<T>(fn: (d: { readInt16(): number }) => T): T[];
      canReadBytes(n: number): boolean;
    };
    const d = new Decoder(
      encode((w) => {
        encodeApiVersionsResponse(w, 3);
      }),
    );
    expect(d.readInt16()).toBe(35);
    const entries = d.readArray((x) => [x.readInt16(), x.readInt16(), x.readInt16()]);
    expect(entries).toContainEqual([18, 0, 2]);
    expect(entries).toHaveLength(Object.keys(SUPPORTED_VERSIONS).length);
    expect(d.canReadBytes(1)).toBe(false);
  });

  it.each(negotiable('Produce'))('Produce v%i', async (v) => {
    const req = decodeProduceRequest(await kjRequest('Produce', v, produceArgs), v);
    expect(req).toMatchObject({
      acks: -1,
      timeoutMs: 1000,
      topics: [{ name: 'orders', partitions: [{ partition: 2 }] }],
    });
    const buf = encode((w) => {
      encodeProduceResponse(w, v, {
        topics: [
          {
            name: 'orders',
            partitions: [
              { partition: 2, errorCode: 0, baseOffset: 7, logAppendTimeMs: -1, logStartOffset: 3 },
            ],
          },
        ],
      });
    });
    const res = await kjResponse('Produce', v).decode(buf);
    expect(res.topics).toEqual([
      {
        topicName: 'orders',
        partitions: [expect.objectContaining({ partition: 2, errorCode: 0, baseOffset: '7' })],
      },
    ]);
  });

  it.each(negotiable('Fetch'))('Fetch v%i', async (v) => {
    const args = {
      replicaId: -1,
      maxWaitTime: 250,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [{ topic: 'orders', partitions: [{ partition: 2, fetchOffset: '41', maxBytes: 1000 }] }],
    };
    const req = decodeFetchRequest(await kjRequest('Fetch', v, args), v);
    expect(req).toEqual({
      maxWaitMs: 250,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 1,
      topics: [{ name: 'orders', partitions: [{ partition: 2, fetchOffset: 41, partitionMaxBytes: 1000 }] }],
    });
    const batch = await sampleBatch();
    const buf = encode((w) => {
      encodeFetchResponse(w, v, {
        topics: [
          {
            name: 'orders',
            partitions: [
              { partition: 2, errorCode: 0, highWatermark: 42, logStartOffset: 0, records: [batch] },
              { partition: 3, errorCode: 0, highWatermark: 0, logStartOffset: 0, records: [] },
            ],
          },
        ],
      });
    });
    const res = await kjResponse('Fetch', v).decode(buf);
    const partitions = (res.responses as { partitions: Decoded[] }[])[0]!.partitions;
    expect(partitions[0]).toMatchObject({ partition: 2, errorCode: 0, highWatermark: '42' });
    const messages = partitions[0]!.messages as {
      offset: string;
      key: Buffer;
      value: Buffer;
      headers: Decoded;
    }[];
    expect(messages.map((m) => [m.offset, m.key.toString(), m.value.toString()])).toEqual([
      ['40', 'k1', 'v1'],
      ['41', 'k2', 'v2'],
    ]);
    expect((messages[0]!.headers.h as Buffer).toString()).toBe('x');
    expect(partitions[1]).toMatchObject({ partition: 3, messages: [] });
  });

  it.each(negotiable('ListOffsets'))('ListOffsets v%i', async (v) => {
    const args = { replicaId: -1, topics: [{ topic: 't', partitions: [{ partition: 0, timestamp: -2 }] }] };
    expect(decodeListOffsetsRequest(await kjRequest('ListOffsets', v, args), v)).toEqual({
      topics: [{ name: 't', partitions: [{ partition: 0, timestamp: -2 }] }],
    });
    const buf = encode((w) => {
      encodeListOffsetsResponse(w, v, {
        topics: [{ name: 't', partitions: [{ partition: 0, errorCode: 0, timestamp: -1, offset: 12 }] }],
      });
    });
    const res = await kjResponse('ListOffsets', v).decode(buf);
    expect(res.responses).toEqual([
      { topic: 't', partitions: [expect.objectContaining({ partition: 0, offset: '12' })] },
    ]);
  });

  it.each(negotiable('Metadata'))('Metadata v%i', async (v) => {
    const req = decodeMetadataRequest(
      await kjRequest('Metadata', v, { topics: ['a', 'b'], allowAutoTopicCreation: false }),
      v,
    );
    expect(req).toEqual({ topics: ['a', 'b'], allowAutoTopicCreation: v < 4 });
    const buf = encode((w) => {
      encodeMetadataResponse(w, v, {
        nodeId: 0,
        host: '127.0.0.1',
        port: 9092,
        clusterId: 'kafka-lite',
        topics: [
          { errorCode: 0, name: 'a', partitions: [0, 1] },
          { errorCode: 3, name: 'b', partitions: [] },
        ],
      });
    });
    const res = await kjResponse('Metadata', v).decode(buf);
    expect(res.brokers).toEqual([expect.objectContaining({ nodeId: 0, host: '127.0.0.1', port: 9092 })]);
    const topics = res.topicMetadata as Decoded[];
    expect(topics[0]).toMatchObject({ topicErrorCode: 0, topic: 'a' });
    expect(topics[0]!.partitionMetadata).toEqual([
      expect.objectContaining({ partitionErrorCode: 0, partitionId: 0, leader: 0, replicas: [0], isr: [0] }),
      expect.objectContaining({ partitionId: 1, leader: 0 }),
    ]);
    expect(topics[1]).toMatchObject({ topicErrorCode: 3, topic: 'b', partitionMetadata: [] });
    if (v >= 1) expect(res.controllerId).toBe(0);
  });

  it.each(negotiable('OffsetCommit'))('OffsetCommit v%i', async (v) => {
    const args = {
      groupId: 'g',
      groupGenerationId: 4,
      memberId: 'm',
      retentionTime: -1,
      topics: [{ topic: 't', partitions: [{ partition: 1, offset: '9', metadata: 'meta' }] }],
    };
    expect(decodeOffsetCommitRequest(await kjRequest('OffsetCommit', v, args), v)).toEqual({
      groupId: 'g',
      generationId: 4,
      memberId: 'm',
      topics: [{ name: 't', partitions: [{ partition: 1, offset: 9, metadata: 'meta' }] }],
    });
    const buf = encode((w) => {
      encodeOffsetCommitResponse(w, v, {
        topics: [{ name: 't', partitions: [{ partition: 1, errorCode: 0 }] }],
      });
    });
    const res = await kjResponse('OffsetCommit', v).decode(buf);
    expect(res.responses).toEqual([{ topic: 't', partitions: [{ partition: 1, errorCode: 0 }] }]);
  });

  it.each(negotiable('OffsetFetch'))('OffsetFetch v%i', async (v) => {
    const args = { groupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 1 }] }] };
    const req = decodeOffsetFetchRequest(await kjRequest('OffsetFetch', v, args), v);
    expect(req).toEqual({ groupId: 'g', topics: [{ name: 't', partitions: [1] }] });
    const buf = encode((w) => {
      encodeOffsetFetchResponse(w, v, {
        errorCode: 0,
        topics: [
          {
            name: 't',
            partitions: [
              { partition: 1, offset: 9, metadata: 'meta', errorCode: 0 },
              { partition: 2, offset: -1, metadata: '', errorCode: 0 },
            ],
          },
        ],
      });
    });
    const res = await kjResponse('OffsetFetch', v).decode(buf);
    expect(res.responses).toEqual([
      {
        topic: 't',
        partitions: [
          { partition: 1, offset: '9', metadata: 'meta', errorCode: 0 },
          { partition: 2, offset: '-1', metadata: '', errorCode: 0 },
        ],
      },
    ]);
  });

  it.each(negotiable('FindCoordinator'))('FindCoordinator v%i', async (v) => {
    const args = { groupId: 'g', coordinatorKey: 'g', coordinatorType: 0 };
    expect(decodeFindCoordinatorRequest(await kjRequest('FindCoordinator', v, args), v)).toEqual({
      key: 'g',
      keyType: 0,
    });
    const buf = encode((w) => {
      encodeFindCoordinatorResponse(w, v, { errorCode: 0, nodeId: 0, host: 'h', port: 1 });
    });
    const res = await kjResponse('FindCoordinator', v).decode(buf);
    expect(res).toMatchObject({ errorCode: 0, coordinator: { nodeId: 0, host: 'h', port: 1 } });
  });

  it.each(negotiable('JoinGroup'))('JoinGroup v%i', async (v) => {
    const args = {
      groupId: 'g',
      sessionTimeout: 3000,
      rebalanceTimeout: 6000,
      memberId: '',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('md') }],
    };
    expect(decodeJoinGroupRequest(await kjRequest('JoinGroup', v, args), v)).toEqual({
      groupId: 'g',
      sessionTimeoutMs: 3000,
      rebalanceTimeoutMs: v >= 1 ? 6000 : 3000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('md') }],
    });
    const buf = encode((w) => {
      encodeJoinGroupResponse(w, v, {
        errorCode: 0,
        generationId: 3,
        protocolName: 'RoundRobinAssigner',
        leader: 'm1',
        memberId: 'm1',
        members: [{ memberId: 'm1', groupInstanceId: null, metadata: Buffer.from('md') }],
      });
    });
    const res = await kjResponse('JoinGroup', v).decode(buf);
    expect(res).toMatchObject({
      errorCode: 0,
      generationId: 3,
      groupProtocol: 'RoundRobinAssigner',
      leaderId: 'm1',
      memberId: 'm1',
    });
    expect(
      (res.members as { memberId: string; memberMetadata: Buffer }[]).map((m) => [
        m.memberId,
        m.memberMetadata.toString(),
      ]),
    ).toEqual([['m1', 'md']]);
  });

  it.each(negotiable('Heartbeat'))('Heartbeat v%i', async (v) => {
    const args = { groupId: 'g', groupGenerationId: 2, memberId: 'm' };
    expect(decodeHeartbeatRequest(await kjRequest('Heartbeat', v, args), v)).toEqual({
      groupId: 'g',
      generationId: 2,
      memberId: 'm',
    });
    const res = await kjResponse('Heartbeat', v).decode(
      encode((w) => {
        encodeHeartbeatResponse(w, v, { errorCode: 0 });
      }),
    );
    expect(res.errorCode).toBe(0);
  });

  it.each(negotiable('LeaveGroup'))('LeaveGroup v%i', async (v) => {
    const args = { groupId: 'g', memberId: 'm', members: [{ memberId: 'm' }] };
    expect(decodeLeaveGroupRequest(await kjRequest('LeaveGroup', v, args), v)).toMatchObject({
      groupId: 'g',
      members: [{ memberId: 'm' }],
    });
    const buf = encode((w) => {
      encodeLeaveGroupResponse(w, v, {
        errorCode: 0,
        members: [{ memberId: 'm', groupInstanceId: null, errorCode: 0 }],
      });
    });
    const res = await kjResponse('LeaveGroup', v).decode(buf);
    expect(res.errorCode).toBe(0);
    if (v >= 3) expect(res.members).toEqual([expect.objectContaining({ memberId: 'm', errorCode: 0 })]);
  });

  it.each(negotiable('SyncGroup'))('SyncGroup v%i', async (v) => {
    const args = {
      groupId: 'g',
      generationId: 2,
      memberId: 'm',
      groupAssignment: [{ memberId: 'm', memberAssignment: Buffer.from('as') }],
    };
    expect(decodeSyncGroupRequest(await kjRequest('SyncGroup', v, args), v)).toEqual({
      groupId: 'g',
      generationId: 2,
      memberId: 'm',
      assignments: [{ memberId: 'm', assignment: Buffer.from('as') }],
    });
    const buf = encode((w) => {
      encodeSyncGroupResponse(w, v, { errorCode: 0, assignment: Buffer.from('as') });
    });
    const res = await kjResponse('SyncGroup', v).decode(buf);
    expect(res.errorCode).toBe(0);
    expect((res.memberAssignment as Buffer).toString()).toBe('as');
  });

  it.each(negotiable('DescribeGroups'))('DescribeGroups v%i', async (v) => {
    expect(decodeDescribeGroupsRequest(await kjRequest('DescribeGroups', v, { groupIds: ['g'] }), v)).toEqual(
      { groups: ['g'] },
    );
    const buf = encode((w) => {
      encodeDescribeGroupsResponse(w, v, {
        groups: [
          {
            errorCode: 0,
            groupId: 'g',
            state: 'Stable',
            protocolType: 'consumer',
            protocolData: 'RoundRobinAssigner',
            members: [
              {
                memberId: 'm',
                clientId: 'c',
                clientHost: '/127.0.0.1',
                metadata: Buffer.from('md'),
                assignment: Buffer.from('as'),
              },
            ],
          },
        ],
      });
    });
    const res = await kjResponse('DescribeGroups', v).decode(buf);
    expect(res.groups).toEqual([
      expect.objectContaining({
        errorCode: 0,
        groupId: 'g',
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'RoundRobinAssigner',
        members: [expect.objectContaining({ memberId: 'm', clientId: 'c', clientHost: '/127.0.0.1' })],
      }),
    ]);
  });

  it.each(negotiable('ListGroups'))('ListGroups v%i', async (v) => {
    const buf = encode((w) => {
      encodeListGroupsResponse(w, v, { errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] });
    });
    const res = await kjResponse('ListGroups', v).decode(buf);
    expect(res).toMatchObject({ errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] });
  });

  it.each(negotiable('CreateTopics'))('CreateTopics v%i', async (v) => {
    const args = {
      topics: [
        {
          topic: 't',
          numPartitions: 3,
          replicationFactor: 1,
          replicaAssignment: [],
          configEntries: [{ name: 'retention.ms', value: '1000' }],
        },
      ],
      timeout: 100,
    };
    expect(decodeCreateTopicsRequest(await kjRequest('CreateTopics', v, args), v)).toEqual({
      topics: [
        {
          name: 't',
          numPartitions: 3,
          assignmentCount: 0,
          configs: [{ name: 'retention.ms', value: '1000' }],
        },
      ],
      timeoutMs: 100,
      validateOnly: false,
    });
    const buf = encode((w) => {
      encodeCreateTopicsResponse(w, v, {
        topics: [
          { name: 't', errorCode: 0, errorMessage: null },
          { name: 'u', errorCode: 36, errorMessage: 'exists' },
        ],
      });
    });
    const res = await kjResponse('CreateTopics', v).decode(buf);
    expect(res.topicErrors).toEqual([
      expect.objectContaining({ topic: 't', errorCode: 0 }),
      expect.objectContaining({ topic: 'u', errorCode: 36 }),
    ]);
  });

  it.each(negotiable('DeleteTopics'))('DeleteTopics v%i', async (v) => {
    expect(
      decodeDeleteTopicsRequest(await kjRequest('DeleteTopics', v, { topics: ['t'], timeout: 100 }), v),
    ).toEqual({
      topics: ['t'],
      timeoutMs: 100,
    });
    const buf = encode((w) => {
      encodeDeleteTopicsResponse(w, v, { topics: [{ name: 't', errorCode: 0 }] });
    });
    const res = await kjResponse('DeleteTopics', v).decode(buf);
    expect(res.topicErrors).toEqual([{ topic: 't', errorCode: 0 }]);
  });

  it.each(negotiable('DeleteGroups'))('DeleteGroups v%i', async (v) => {
    expect(decodeDeleteGroupsRequest(await kjRequest('DeleteGroups', v, ['g']), v)).toEqual({
      groups: ['g'],
    });
    const buf = encode((w) => {
      encodeDeleteGroupsResponse(w, v, {
        groups: [
          { groupId: 'g', errorCode: 0 },
          { groupId: 'h', errorCode: 69 },
        ],
      });
    });
    const res = await kjResponse('DeleteGroups', v).decode(buf);
    expect(res.results).toEqual([
      { groupId: 'g', errorCode: 0 },
      expect.objectContaining({ groupId: 'h', errorCode: 69 }),
    ]);
  });

  it.each(negotiable('InitProducerId'))('InitProducerId v%i', async (v) => {
    const req = await kjRequest('InitProducerId', v, { transactionalId: null, transactionTimeout: 60_000 });
    expect(decodeInitProducerIdRequest(req, v)).toEqual({
      transactionalId: null,
      transactionTimeoutMs: 60_000,
    });
    const res = await kjResponse('InitProducerId', v).decode(
      encode((w) => {
        encodeInitProducerIdResponse(w, v, { errorCode: 0, producerId: 4001, producerEpoch: 0 });
      }),
    );
    expect(res).toMatchObject({ errorCode: 0, producerId: '4001', producerEpoch: 0 });
  });

  it.each(negotiable('DescribeConfigs'))('DescribeConfigs v%i', async (v) => {
    const args = {
      resources: [{ type: 2, name: 't', configNames: ['retention.ms'] }],
      includeSynonyms: v >= 1,
    };
    expect(decodeDescribeConfigsRequest(await kjRequest('DescribeConfigs', v, args), v)).toEqual({
      resources: [{ resourceType: 2, resourceName: 't', configNames: ['retention.ms'] }],
      includeSynonyms: v >= 1,
    });
    const synonym = { name: 'log.retention.ms', value: '-1', source: 5 };
    const buf = encode((w) => {
      encodeDescribeConfigsResponse(w, v, {
        results: [
          {
            errorCode: 0,
            errorMessage: null,
            resourceType: 2,
            resourceName: 't',
            configs: [
              { name: 'retention.ms', value: '1000', readOnly: false, source: 1, synonyms: [] },
              { name: 'retention.bytes', value: '-1', readOnly: false, source: 5, synonyms: [synonym] },
            ],
          },
        ],
      });
    });
    const res = await kjResponse('DescribeConfigs', v).decode(buf);
    expect(res.resources).toEqual([
      expect.objectContaining({
        errorCode: 0,
        resourceName: 't',
        configEntries: [
          expect.objectContaining({
            configName: 'retention.ms',
            configValue: '1000',
            isDefault: false,
            configSource: 1,
          }),
          expect.objectContaining({
            configName: 'retention.bytes',
            configValue: '-1',
            isDefault: true,
            configSource: 5,
          }),
        ],
      }),
    ]);
  });

  it.each(negotiable('AlterConfigs'))('AlterConfigs v%i', async (v) => {
    const args = {
      resources: [{ type: 2, name: 't', configEntries: [{ name: 'retention.ms', value: '5000' }] }],
      validateOnly: true,
    };
    expect(decodeAlterConfigsRequest(await kjRequest('AlterConfigs', v, args), v)).toEqual({
      resources: [
        {
          resourceType: 2,
          resourceName: 't',
          configs: [{ name: 'retention.ms', operation: 0, value: '5000' }],
        },
      ],
      validateOnly: true,
    });
    const buf = encode((w) => {
      encodeAlterConfigsResponse(w, v, {
        results: [{ errorCode: 40, errorMessage: 'bad', resourceType: 2, resourceName: 't' }],
      });
    });
    const res = await kjResponse('AlterConfigs', v).decode(buf);
    expect(res.resources).toEqual([
      { errorCode: 40, errorMessage: 'bad', resourceType: 2, resourceName: 't' },
    ]);
  });

  it('IncrementalAlterConfigs v0 (hand-made bytes; kafkajs has no such request)', () => {
    const req = encode((w) => {
      w.array([0], (w) => {
        w.int8(2).string('t');
        w.array([0], (w) => w.string('cleanup.policy').int8(2).string('compact'));
      });
      w.bool(false);
    });
    expect(decodeIncrementalAlterConfigsRequest(new Reader(req), 0)).toEqual({
      resources: [
        {
          resourceType: 2,
          resourceName: 't',
          configs: [{ name: 'cleanup.policy', operation: 2, value: 'compact' }],
        },
      ],
      validateOnly: false,
    });
  });

  it.each(negotiable('CreatePartitions'))('CreatePartitions v%i', async (v) => {
    const args = { topicPartitions: [{ topic: 't', count: 4 }], timeout: 100, validateOnly: false };
    expect(decodeCreatePartitionsRequest(await kjRequest('CreatePartitions', v, args), v)).toEqual({
      topics: [{ name: 't', count: 4 }],
      timeoutMs: 100,
      validateOnly: false,
    });
    const buf = encode((w) => {
      encodeCreatePartitionsResponse(w, v, { results: [{ name: 't', errorCode: 37, errorMessage: 'no' }] });
    });
    const res = await kjResponse('CreatePartitions', v).decode(buf);
    expect(res.topicErrors).toEqual([{ topic: 't', errorCode: 37, errorMessage: 'no' }]);
  });

  it.each(negotiable('DeleteRecords'))('DeleteRecords v%i', async (v) => {
    const topics = [{ topic: 't', partitions: [{ partition: 0, offset: '7' }] }];
    expect(
      decodeDeleteRecordsRequest(await kjRequest('DeleteRecords', v, { topics, timeout: 100 }), v),
    ).toEqual({
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 7 }] }],
      timeoutMs: 100,
    });
    const buf = encode((w) => {
      encodeDeleteRecordsResponse(w, v, {
        topics: [{ name: 't', partitions: [{ partition: 0, lowWatermark: 7, errorCode: 0 }] }],
      });
    });
    const response = load(`kafkajs/src/protocol/requests/deleteRecords/v${v}/response`) as (args: {
      topics: unknown;
    }) => KafkajsResponse;
    const res = (await response({ topics }).decode(buf)) as {
      topics: {
        topic: string;
        partitions: { partition: number; lowWatermark: unknown; errorCode: number }[];
      }[];
    };
    expect(
      res.topics.map((t) => [
        t.topic,
        t.partitions.map((p) => [p.partition, String(p.lowWatermark), p.errorCode]),
      ]),
    ).toEqual([['t', [[0, '7', 0]]]]);
  });
});
