import type { GroupCoordinator } from '../group/group-coordinator';
import { FetchWaiters } from '../log/fetch-waiters';
import type { RetentionPolicy } from '../log/partition-log';
import { isValidTopicName, type TopicStore } from '../log/topic-store';
import { apiName, SUPPORTED_VERSIONS, type ApiName } from '../protocol/api-keys';
import { encodeApiVersionsResponse } from '../protocol/apis/api-versions';
import { decodeCreateTopicsRequest, encodeCreateTopicsResponse } from '../protocol/apis/create-topics';
import { decodeDeleteGroupsRequest, encodeDeleteGroupsResponse } from '../protocol/apis/delete-groups';
import { decodeDeleteTopicsRequest, encodeDeleteTopicsResponse } from '../protocol/apis/delete-topics';
import { decodeDescribeGroupsRequest, encodeDescribeGroupsResponse } from '../protocol/apis/describe-groups';
import { decodeFetchRequest, encodeFetchResponse } from '../protocol/apis/fetch';
import {
  decodeFindCoordinatorRequest,
  encodeFindCoordinatorResponse,
} from '../protocol/apis/find-coordinator';
import { decodeHeartbeatRequest, encodeHeartbeatResponse } from '../protocol/apis/heartbeat';
import {
  decodeJoinGroupRequest,
  encodeJoinGroupResponse,
  type JoinGroupResponse,
} from '../protocol/apis/join-group';
import { decodeLeaveGroupRequest, encodeLeaveGroupResponse } from '../protocol/apis/leave-group';
import { encodeListGroupsResponse } from '../protocol/apis/list-groups';
import { decodeListOffsetsRequest, encodeListOffsetsResponse } from '../protocol/apis/list-offsets';
import { decodeMetadataRequest, encodeMetadataResponse, type MetadataTopic } from '../protocol/apis/metadata';
import { decodeOffsetCommitRequest, encodeOffsetCommitResponse } from '../protocol/apis/offset-commit';
import { decodeOffsetFetchRequest, encodeOffsetFetchResponse } from '../protocol/apis/offset-fetch';
import {
  decodeProduceRequest,
  encodeProduceResponse,
  type ProducePartitionResponse,
} from '../protocol/apis/produce';
import { decodeSyncGroupRequest, encodeSyncGroupResponse } from '../protocol/apis/sync-group';
import type { SyncResult } from '../group/group';
import type { OffsetEntry } from '../group/offset-store';
import { ErrorCode, ProtocolError } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { parseRecordBatches } from '../protocol/record-batch';
import { Writer } from '../protocol/writer';
import { handleFetch } from './fetch-handler';
import type { Logger } from './logger';
import type { RequestContext } from './request-context';
import type { StatsCounter } from './stats';

export const NODE_ID = 0;
export const CLUSTER_ID = 'kafka-lite';

export interface HandlerOptions {
  defaultPartitions: number;
  autoCreateTopics: boolean;
  retention: RetentionPolicy;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms */
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** With fsync: resolves once everything written so far is on disk (awaited before acknowledging). */
  flush: (() => Promise<void>) | undefined;
}

const MAX_PARTITIONS = 10_000;

/** Decodes one request body, runs it against broker state and encodes the response body. */
export class RequestHandler {
  readonly waiters = new FetchWaiters();

  constructor(
    private readonly topics: TopicStore,
    private readonly groups: GroupCoordinator,
    private readonly options: HandlerOptions,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
  ) {}

  /**
   * Returns the response body, or null when none is sent (acks=0, connection gone).
   * Throws ProtocolError for an unknown API or version or a malformed body.
   */
  async handle(ctx: RequestContext, r: Reader): Promise<Buffer[] | null> {
    const { apiKey, apiVersion: v } = ctx.header;
    const name = apiName(apiKey);
    if (name === undefined) throw new ProtocolError('UNSUPPORTED_API', `unknown API key ${apiKey}`);
    const [min, max] = SUPPORTED_VERSIONS[name];
    if (name === 'ApiVersions' && v > max) {
      this.stats.request(name, v);
      return this.encode((w) => {
        encodeApiVersionsResponse(w, v);
      });
    }
    if (v < min || v > max) {
      throw new ProtocolError('UNSUPPORTED_VERSION', `${name} v${v} is outside v${min}-v${max}`);
    }
    this.stats.request(name, v);
    return this.dispatch(name, v, ctx, r);
  }

  private encode(fn: (w: Writer) => void): Buffer[] {
    const w = new Writer();
    fn(w);
    return w.toBuffers();
  }

  private async dispatch(name: ApiName, v: number, ctx: RequestContext, r: Reader): Promise<Buffer[] | null> {
    switch (name) {
      case 'ApiVersions':
        return this.encode((w) => {
          encodeApiVersionsResponse(w, v);
        });
      case 'Produce':
        return this.produce(v, r);
      case 'Fetch': {
        const req = decodeFetchRequest(r, v);
        const res = await handleFetch(this.topics, this.waiters, req, ctx);
        return (
          res &&
          this.encode((w) => {
            encodeFetchResponse(w, v, res);
          })
        );
      }
      case 'ListOffsets':
        return this.listOffsets(v, r);
      case 'Metadata':
        return this.metadata(v, r, ctx);
      case 'OffsetCommit':
        return this.offsetCommit(v, r);
      case 'OffsetFetch':
        return this.offsetFetch(v, r);
      case 'FindCoordinator': {
        decodeFindCoordinatorRequest(r, v);
        return this.encode((w) => {
          encodeFindCoordinatorResponse(w, v, {
            errorCode: ErrorCode.NONE,
            nodeId: NODE_ID,
            host: ctx.advertisedHost,
            port: ctx.advertisedPort,
          });
        });
      }
      case 'JoinGroup':
        return this.joinGroup(v, r, ctx);
      case 'SyncGroup':
        return this.syncGroup(v, r);
      case 'Heartbeat': {
        const req = decodeHeartbeatRequest(r, v);
        const errorCode = this.groups.find(req.groupId)?.heartbeat(req.generationId, req.memberId);
        return this.encode((w) => {
          encodeHeartbeatResponse(w, v, { errorCode: errorCode ?? ErrorCode.UNKNOWN_MEMBER_ID });
        });
      }
      case 'LeaveGroup': {
        const req = decodeLeaveGroupRequest(r, v);
        const group = this.groups.find(req.groupId);
        const members = req.members.map((m) => ({
          ...m,
          errorCode: group?.leave(m.memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID,
        }));
        const errorCode = v <= 2 ? (members[0]?.errorCode ?? ErrorCode.NONE) : ErrorCode.NONE;
        return this.encode((w) => {
          encodeLeaveGroupResponse(w, v, { errorCode, members });
        });
      }
      case 'DescribeGroups': {
        const req = decodeDescribeGroupsRequest(r, v);
        const groups = req.groups.map((groupId) => {
          const g = this.groups.find(groupId);
          return {
            errorCode: ErrorCode.NONE,
            groupId,
            state: this.groups.state(groupId),
            protocolType: g?.protocolType ?? '',
            protocolData: g?.state === 'Stable' || g?.state === 'CompletingRebalance' ? g.protocolName : '',
            members: g?.describeMembers() ?? [],
          };
        });
        return this.encode((w) => {
          encodeDescribeGroupsResponse(w, v, { groups });
        });
      }
      case 'ListGroups':
        return this.encode((w) => {
          encodeListGroupsResponse(w, v, { errorCode: ErrorCode.NONE, groups: this.groups.list() });
        });
      case 'CreateTopics':
        return this.createTopics(v, r);
      case 'DeleteTopics': {
        const req = decodeDeleteTopicsRequest(r, v);
        const topics = req.topics.map((name) => {
          if (!this.topics.delete(name)) return { name, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          this.groups.offsets.deleteTopic(name);
          this.logger.info(`deleted topic ${name}`);
          return { name, errorCode: ErrorCode.NONE };
        });
        this.waiters.notifyAll();
        return this.encode((w) => {
          encodeDeleteTopicsResponse(w, v, { topics });
        });
      }
      case 'DeleteGroups': {
        const req = decodeDeleteGroupsRequest(r, v);
        const groups = req.groups.map((groupId) => ({
          groupId,
          errorCode: ErrorCode[this.groups.delete(groupId)],
        }));
        return this.encode((w) => {
          encodeDeleteGroupsResponse(w, v, { groups });
        });
      }
    }
  }

  private async produce(v: number, r: Reader): Promise<Buffer[] | null> {
    const req = decodeProduceRequest(r, v);
    const now = Date.now();
    const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p): ProducePartitionResponse => {
        const fail = (errorCode: number): ProducePartitionResponse => ({
          partition: p.partition,
          errorCode,
          baseOffset: -1,
          logAppendTimeMs: -1,
          logStartOffset: -1,
        });
        if (!validAcks) return fail(ErrorCode.INVALID_REQUIRED_ACKS);
        const log = this.topics.partition(t.name, p.partition);
        if (!log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        const batches = parseRecordBatches(p.records ?? Buffer.alloc(0));
        if (!Array.isArray(batches)) {
          this.logger.warn(`produce to ${t.name}-${p.partition} rejected: ${batches.message}`);
          return fail(ErrorCode[batches.code]);
        }
        const baseOffset = log.append(batches, now);
        for (const b of batches) this.stats.messagesIn += b.recordCount;
        if (this.options.retention.retentionBytes >= 0) log.applyRetention(this.options.retention, now);
        this.waiters.notify(FetchWaiters.key(t.name, p.partition));
        return {
          partition: p.partition,
          errorCode: ErrorCode.NONE,
          baseOffset,
          logAppendTimeMs: -1,
          logStartOffset: log.logStartOffset,
        };
      }),
    }));
    if (req.acks === 0) return null;
    // Every batch was written with write(2) before this point; acks=-1 also waits for fsync if enabled.
    if (req.acks === -1) await this.options.flush?.();
    return this.encode((w) => {
      encodeProduceResponse(w, v, { topics });
    });
  }

  private listOffsets(v: number, r: Reader): Buffer[] {
    const req = decodeListOffsetsRequest(r, v);
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = this.topics.partition(t.name, p.partition);
        if (!log) {
          return {
            partition: p.partition,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            timestamp: -1,
            offset: -1,
          };
        }
        if (p.timestamp === -1 || p.timestamp === -2) {
          const offset = p.timestamp === -1 ? log.highWatermark : log.logStartOffset;
          return { partition: p.partition, errorCode: ErrorCode.NONE, timestamp: -1, offset };
        }
        // By time: the first record at or after the timestamp, or -1 / -1 when there is none (as Kafka).
        const found = p.timestamp >= 0 ? log.offsetForTimestamp(p.timestamp) : undefined;
        return {
          partition: p.partition,
          errorCode: ErrorCode.NONE,
          timestamp: found?.timestamp ?? -1,
          offset: found?.offset ?? -1,
        };
      }),
    }));
    return this.encode((w) => {
      encodeListOffsetsResponse(w, v, { topics });
    });
  }

  private metadata(v: number, r: Reader, ctx: RequestContext): Buffer[] {
    const req = decodeMetadataRequest(r, v);
    const names = req.topics ?? this.topics.names();
    const topics = names.map((name): MetadataTopic => {
      let logs = this.topics.get(name);
      if (!logs && req.topics !== null) {
        if (!isValidTopicName(name))
          return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name, partitions: [] };
        if (this.options.autoCreateTopics && req.allowAutoTopicCreation) {
          logs = this.topics.create(name, this.options.defaultPartitions);
          this.logger.info(`auto-created topic ${name} with ${logs.length} partition(s)`);
        }
      }
      if (!logs) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, partitions: [] };
      return { errorCode: ErrorCode.NONE, name, partitions: logs.map((_, i) => i) };
    });
    return this.encode((w) => {
      encodeMetadataResponse(w, v, {
        nodeId: NODE_ID,
        host: ctx.advertisedHost,
        port: ctx.advertisedPort,
        clusterId: CLUSTER_ID,
        topics,
      });
    });
  }

  private async offsetCommit(v: number, r: Reader): Promise<Buffer[]> {
    const req = decodeOffsetCommitRequest(r, v);
    const group = this.groups.find(req.groupId);
    let groupError: number = ErrorCode.NONE;
    if (req.groupId === '') groupError = ErrorCode.INVALID_GROUP_ID;
    else if (group) groupError = group.checkCommit(req.generationId, req.memberId);
    else if (req.generationId >= 0) groupError = ErrorCode.UNKNOWN_MEMBER_ID;
    const accepted: OffsetEntry[] = [];
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let errorCode = groupError;
        if (errorCode === ErrorCode.NONE && !this.topics.partition(t.name, p.partition)) {
          errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (errorCode === ErrorCode.NONE) {
          accepted.push([t.name, p.partition, { offset: p.offset, metadata: p.metadata }]);
        }
        return { partition: p.partition, errorCode };
      }),
    }));
    // Written down (and with fsync, on disk) before the commit is acknowledged.
    this.groups.offsets.commit(req.groupId, accepted);
    if (accepted.length > 0) await this.options.flush?.();
    return this.encode((w) => {
      encodeOffsetCommitResponse(w, v, { topics });
    });
  }

  private offsetFetch(v: number, r: Reader): Buffer[] {
    const req = decodeOffsetFetchRequest(r, v);
    const committed = this.groups.offsets.group(req.groupId);
    const wanted =
      req.topics ??
      [...(committed ?? new Map<string, Map<number, unknown>>())].map(([name, parts]) => ({
        name,
        partitions: [...parts.keys()],
      }));
    const topics = wanted.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partition) => {
        const c = committed?.get(t.name)?.get(partition);
        return {
          partition,
          offset: c?.offset ?? -1,
          metadata: c ? c.metadata : '',
          errorCode: ErrorCode.NONE,
        };
      }),
    }));
    return this.encode((w) => {
      encodeOffsetFetchResponse(w, v, { errorCode: ErrorCode.NONE, topics });
    });
  }

  private async joinGroup(v: number, r: Reader, ctx: RequestContext): Promise<Buffer[] | null> {
    const req = decodeJoinGroupRequest(r, v);
    const fail = (errorCode: number): JoinGroupResponse => ({
      errorCode,
      generationId: -1,
      protocolName: '',
      leader: '',
      memberId: req.memberId,
      members: [],
    });
    let res: JoinGroupResponse;
    if (req.groupId === '') res = fail(ErrorCode.INVALID_GROUP_ID);
    else if (
      req.sessionTimeoutMs < this.options.minSessionTimeoutMs ||
      req.sessionTimeoutMs > this.options.maxSessionTimeoutMs
    ) {
      res = fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    } else {
      const group = this.groups.group(req.groupId);
      res = await new Promise<JoinGroupResponse>((resolve) => {
        let unregister = (): boolean => false;
        const respond = (r: JoinGroupResponse): void => {
          unregister();
          resolve(r);
        };
        const parked = group.join(
          {
            memberId: req.memberId,
            clientId: ctx.header.clientId ?? '',
            clientHost: ctx.clientHost,
            sessionTimeoutMs: req.sessionTimeoutMs,
            rebalanceTimeoutMs: Math.max(req.rebalanceTimeoutMs, 0),
            protocolType: req.protocolType,
            protocols: req.protocols,
            requireKnownMemberId: v >= 4,
          },
          respond,
        );
        if (parked !== undefined) {
          unregister = ctx.onClose(() => {
            group.abandonJoin(parked, respond);
            resolve(fail(ErrorCode.UNKNOWN_MEMBER_ID));
          });
        }
      });
    }
    return this.encode((w) => {
      encodeJoinGroupResponse(w, v, res);
    });
  }

  private async syncGroup(v: number, r: Reader): Promise<Buffer[]> {
    const req = decodeSyncGroupRequest(r, v);
    const group = this.groups.find(req.groupId);
    const res = group
      ? await new Promise<SyncResult>((resolve) => {
          group.sync(req.generationId, req.memberId, req.assignments, resolve);
        })
      : { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    // The group's new generation and assignment are written down before anyone is told.
    if (res.errorCode === ErrorCode.NONE) await this.options.flush?.();
    return this.encode((w) => {
      encodeSyncGroupResponse(w, v, res);
    });
  }

  private createTopics(v: number, r: Reader): Buffer[] {
    const req = decodeCreateTopicsRequest(r, v);
    const topics = req.topics.map((t) => {
      const partitions =
        t.assignmentCount > 0
          ? t.assignmentCount
          : t.numPartitions === -1
            ? this.options.defaultPartitions
            : t.numPartitions;
      const fail = (errorCode: number, errorMessage: string) => ({ name: t.name, errorCode, errorMessage });
      if (!isValidTopicName(t.name))
        return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `invalid topic name '${t.name}'`);
      if (this.topics.get(t.name))
        return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${t.name}' already exists`);
      if (partitions < 1 || partitions > MAX_PARTITIONS) {
        return fail(
          ErrorCode.INVALID_PARTITIONS,
          `partitions must be 1-${MAX_PARTITIONS}, got ${partitions}`,
        );
      }
      if (!req.validateOnly) {
        this.topics.create(t.name, partitions);
        this.logger.info(`created topic ${t.name} with ${partitions} partition(s)`);
      }
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return this.encode((w) => {
      encodeCreateTopicsResponse(w, v, { topics });
    });
  }
}
