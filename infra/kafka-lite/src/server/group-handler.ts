import type { SyncResult } from '../group/group';
import type { OffsetEntry } from '../group/offset-store';
import { decodeDeleteGroupsRequest, encodeDeleteGroupsResponse } from '../protocol/apis/delete-groups';
import { decodeDescribeGroupsRequest, encodeDescribeGroupsResponse } from '../protocol/apis/describe-groups';
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
import { decodeOffsetCommitRequest, encodeOffsetCommitResponse } from '../protocol/apis/offset-commit';
import { decodeOffsetFetchRequest, encodeOffsetFetchResponse } from '../protocol/apis/offset-fetch';
import { decodeSyncGroupRequest, encodeSyncGroupResponse } from '../protocol/apis/sync-group';
import { ErrorCode } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { encode, NODE_ID, type BrokerState } from './broker-state';
import type { RequestContext } from './request-context';

/** The group coordinator APIs: membership, offsets, group admin, FindCoordinator. */
export class GroupHandler {
  constructor(private readonly b: BrokerState) {}

  /** Node 0 coordinates everything (groups, and transactional ids, which InitProducerId then refuses). */
  findCoordinator(v: number, r: Reader, ctx: RequestContext): Buffer[] {
    decodeFindCoordinatorRequest(r, v);
    return encode((w) => {
      encodeFindCoordinatorResponse(w, v, {
        errorCode: ErrorCode.NONE,
        nodeId: NODE_ID,
        host: ctx.advertisedHost,
        port: ctx.advertisedPort,
      });
    });
  }

  async joinGroup(v: number, r: Reader, ctx: RequestContext): Promise<Buffer[]> {
    const req = decodeJoinGroupRequest(r, v);
    const fail = (errorCode: number): JoinGroupResponse => ({
      errorCode,
      generationId: -1,
      protocolName: '',
      leader: '',
      memberId: req.memberId,
      members: [],
    });
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.b.options;
    let res: JoinGroupResponse;
    if (req.groupId === '') res = fail(ErrorCode.INVALID_GROUP_ID);
    else if (req.sessionTimeoutMs < minSessionTimeoutMs || req.sessionTimeoutMs > maxSessionTimeoutMs) {
      res = fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    } else {
      const group = this.b.groups.group(req.groupId);
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
    return encode((w) => {
      encodeJoinGroupResponse(w, v, res);
    });
  }

  async syncGroup(v: number, r: Reader): Promise<Buffer[]> {
    const req = decodeSyncGroupRequest(r, v);
    const group = this.b.groups.find(req.groupId);
    const res = group
      ? await new Promise<SyncResult>((resolve) => {
          group.sync(req.generationId, req.memberId, req.assignments, resolve);
        })
      : { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    // The group's new generation and assignment are written down before anyone is told.
    if (res.errorCode === ErrorCode.NONE) await this.b.options.flush?.();
    return encode((w) => {
      encodeSyncGroupResponse(w, v, res);
    });
  }

  heartbeat(v: number, r: Reader): Buffer[] {
    const req = decodeHeartbeatRequest(r, v);
    const errorCode = this.b.groups.find(req.groupId)?.heartbeat(req.generationId, req.memberId);
    return encode((w) => {
      encodeHeartbeatResponse(w, v, { errorCode: errorCode ?? ErrorCode.UNKNOWN_MEMBER_ID });
    });
  }

  leaveGroup(v: number, r: Reader): Buffer[] {
    const req = decodeLeaveGroupRequest(r, v);
    const group = this.b.groups.find(req.groupId);
    const members = req.members.map((m) => ({
      ...m,
      errorCode: group?.leave(m.memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID,
    }));
    const errorCode = v <= 2 ? (members[0]?.errorCode ?? ErrorCode.NONE) : ErrorCode.NONE;
    return encode((w) => {
      encodeLeaveGroupResponse(w, v, { errorCode, members });
    });
  }

  async offsetCommit(v: number, r: Reader): Promise<Buffer[]> {
    const req = decodeOffsetCommitRequest(r, v);
    const group = this.b.groups.find(req.groupId);
    let groupError: number = ErrorCode.NONE;
    if (req.groupId === '') groupError = ErrorCode.INVALID_GROUP_ID;
    else if (group) groupError = group.checkCommit(req.generationId, req.memberId);
    else if (req.generationId >= 0) groupError = ErrorCode.UNKNOWN_MEMBER_ID;
    const accepted: OffsetEntry[] = [];
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let errorCode = groupError;
        if (errorCode === ErrorCode.NONE && !this.b.topics.partition(t.name, p.partition)) {
          errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (errorCode === ErrorCode.NONE) {
          accepted.push([t.name, p.partition, { offset: p.offset, metadata: p.metadata }]);
        }
        return { partition: p.partition, errorCode };
      }),
    }));
    // Written down (and with fsync, on disk) before the commit is acknowledged.
    this.b.groups.offsets.commit(req.groupId, accepted);
    if (accepted.length > 0) await this.b.options.flush?.();
    return encode((w) => {
      encodeOffsetCommitResponse(w, v, { topics });
    });
  }

  offsetFetch(v: number, r: Reader): Buffer[] {
    const req = decodeOffsetFetchRequest(r, v);
    const committed = this.b.groups.offsets.group(req.groupId);
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
    return encode((w) => {
      encodeOffsetFetchResponse(w, v, { errorCode: ErrorCode.NONE, topics });
    });
  }

  describeGroups(v: number, r: Reader): Buffer[] {
    const req = decodeDescribeGroupsRequest(r, v);
    const groups = req.groups.map((groupId) => {
      const g = this.b.groups.find(groupId);
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        state: this.b.groups.state(groupId),
        protocolType: g?.protocolType ?? '',
        protocolData: g?.state === 'Stable' || g?.state === 'CompletingRebalance' ? g.protocolName : '',
        members: g?.describeMembers() ?? [],
      };
    });
    return encode((w) => {
      encodeDescribeGroupsResponse(w, v, { groups });
    });
  }

  listGroups(v: number): Buffer[] {
    return encode((w) => {
      encodeListGroupsResponse(w, v, { errorCode: ErrorCode.NONE, groups: this.b.groups.list() });
    });
  }

  deleteGroups(v: number, r: Reader): Buffer[] {
    const req = decodeDeleteGroupsRequest(r, v);
    const groups = req.groups.map((groupId) => ({
      groupId,
      errorCode: ErrorCode[this.b.groups.delete(groupId)],
    }));
    return encode((w) => {
      encodeDeleteGroupsResponse(w, v, { groups });
    });
  }
}
