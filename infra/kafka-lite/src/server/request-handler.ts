import { FetchWaiters } from '../log/fetch-waiters';
import { apiName, SUPPORTED_VERSIONS, type ApiName } from '../protocol/api-keys';
import { encodeApiVersionsResponse } from '../protocol/apis/api-versions';
import { decodeFetchRequest, encodeFetchResponse } from '../protocol/apis/fetch';
import { decodeListOffsetsRequest, encodeListOffsetsResponse } from '../protocol/apis/list-offsets';
import { ErrorCode, ProtocolError } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { AdminHandler } from './admin-handler';
import { encode, type BrokerState } from './broker-state';
import { handleFetch } from './fetch-handler';
import { GroupHandler } from './group-handler';
import { ProduceHandler } from './produce-handler';
import type { RequestContext } from './request-context';

/** Decodes one request body, runs it against broker state and encodes the response body. */
export class RequestHandler {
  readonly waiters: FetchWaiters;
  private readonly produce: ProduceHandler;
  private readonly groups: GroupHandler;
  private readonly admin: AdminHandler;

  constructor(private readonly b: BrokerState) {
    this.waiters = b.waiters;
    this.produce = new ProduceHandler(b);
    this.groups = new GroupHandler(b);
    this.admin = new AdminHandler(b);
  }

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
      this.b.stats.request(name, v);
      return encode((w) => {
        encodeApiVersionsResponse(w, v);
      });
    }
    if (v < min || v > max) {
      throw new ProtocolError('UNSUPPORTED_VERSION', `${name} v${v} is outside v${min}-v${max}`);
    }
    this.b.stats.request(name, v);
    return this.dispatch(name, v, ctx, r);
  }

  private dispatch(
    name: ApiName,
    v: number,
    ctx: RequestContext,
    r: Reader,
  ): Promise<Buffer[] | null> | Buffer[] {
    switch (name) {
      case 'ApiVersions':
        return encode((w) => {
          encodeApiVersionsResponse(w, v);
        });
      case 'Produce':
        return this.produce.produce(v, r);
      case 'InitProducerId':
        return this.produce.initProducerId(v, r);
      case 'Fetch':
        return this.fetch(v, r, ctx);
      case 'ListOffsets':
        return this.listOffsets(v, r);
      case 'Metadata':
        return this.admin.metadata(v, r, ctx);
      case 'CreateTopics':
        return this.admin.createTopics(v, r);
      case 'DeleteTopics':
        return this.admin.deleteTopics(v, r);
      case 'CreatePartitions':
        return this.admin.createPartitions(v, r);
      case 'DeleteRecords':
        return this.admin.deleteRecords(v, r);
      case 'DescribeConfigs':
        return this.admin.describeConfigs(v, r);
      case 'AlterConfigs':
        return this.admin.alterConfigs(v, r);
      case 'IncrementalAlterConfigs':
        return this.admin.incrementalAlterConfigs(v, r);
      case 'FindCoordinator':
        return this.groups.findCoordinator(v, r, ctx);
      case 'JoinGroup':
        return this.groups.joinGroup(v, r, ctx);
      case 'SyncGroup':
        return this.groups.syncGroup(v, r);
      case 'Heartbeat':
        return this.groups.heartbeat(v, r);
      case 'LeaveGroup':
        return this.groups.leaveGroup(v, r);
      case 'OffsetCommit':
        return this.groups.offsetCommit(v, r);
      case 'OffsetFetch':
        return this.groups.offsetFetch(v, r);
      case 'DescribeGroups':
        return this.groups.describeGroups(v, r);
      case 'ListGroups':
        return this.groups.listGroups(v);
      case 'DeleteGroups':
        return this.groups.deleteGroups(v, r);
    }
  }

  private async fetch(v: number, r: Reader, ctx: RequestContext): Promise<Buffer[] | null> {
    const req = decodeFetchRequest(r, v);
    const res = await handleFetch(this.b.topics, this.waiters, req, ctx);
    return (
      res &&
      encode((w) => {
        encodeFetchResponse(w, v, res);
      })
    );
  }

  private listOffsets(v: number, r: Reader): Buffer[] {
    const req = decodeListOffsetsRequest(r, v);
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = this.b.topics.partition(t.name, p.partition);
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
    return encode((w) => {
      encodeListOffsetsResponse(w, v, { topics });
    });
  }
}
