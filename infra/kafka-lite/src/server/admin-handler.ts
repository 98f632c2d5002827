import { applyConfigChanges, type ConfigChange } from '../config/broker-config';
import { checkTopicConfigs, topicConfigDef } from '../config/config-defs';
import { isValidTopicName } from '../log/topic-store';
import {
  decodeAlterConfigsRequest,
  decodeIncrementalAlterConfigsRequest,
  encodeAlterConfigsResponse,
  type AlterConfigsRequest,
  type AlterConfigsResult,
} from '../protocol/apis/alter-configs';
import {
  decodeCreatePartitionsRequest,
  encodeCreatePartitionsResponse,
} from '../protocol/apis/create-partitions';
import { decodeCreateTopicsRequest, encodeCreateTopicsResponse } from '../protocol/apis/create-topics';
import { decodeDeleteRecordsRequest, encodeDeleteRecordsResponse } from '../protocol/apis/delete-records';
import { decodeDeleteTopicsRequest, encodeDeleteTopicsResponse } from '../protocol/apis/delete-topics';
import {
  decodeDescribeConfigsRequest,
  encodeDescribeConfigsResponse,
  type DescribeConfigsResult,
} from '../protocol/apis/describe-configs';
import { decodeMetadataRequest, encodeMetadataResponse, type MetadataTopic } from '../protocol/apis/metadata';
import { ErrorCode } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { CLUSTER_ID, encode, MAX_PARTITIONS, NODE_ID, type BrokerState } from './broker-state';
import type { RequestContext } from './request-context';

/** Config resource types. */
const TOPIC = 2;
const BROKER = 4;

/** Metadata, topics, partitions, records and configs. */
export class AdminHandler {
  constructor(private readonly b: BrokerState) {}

  metadata(v: number, r: Reader, ctx: RequestContext): Buffer[] {
    const req = decodeMetadataRequest(r, v);
    const { topics: store, options } = this.b;
    const names = req.topics ?? store.names();
    const topics = names.map((name): MetadataTopic => {
      let logs = store.get(name);
      if (!logs && req.topics !== null) {
        if (!isValidTopicName(name))
          return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name, partitions: [] };
        if (options.autoCreateTopics && req.allowAutoTopicCreation) {
          logs = store.create(name, options.defaultPartitions);
          this.b.logger.info(`auto-created topic ${name} with ${logs.length} partition(s)`);
        }
      }
      if (!logs) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, partitions: [] };
      return { errorCode: ErrorCode.NONE, name, partitions: logs.map((_, i) => i) };
    });
    return encode((w) => {
      encodeMetadataResponse(w, v, {
        nodeId: NODE_ID,
        host: ctx.advertisedHost,
        port: ctx.advertisedPort,
        clusterId: CLUSTER_ID,
        topics,
      });
    });
  }

  createTopics(v: number, r: Reader): Buffer[] {
    const req = decodeCreateTopicsRequest(r, v);
    const topics = req.topics.map((t) => {
      const partitions =
        t.assignmentCount > 0
          ? t.assignmentCount
          : t.numPartitions === -1
            ? this.b.options.defaultPartitions
            : t.numPartitions;
      const fail = (errorCode: number, errorMessage: string) => ({ name: t.name, errorCode, errorMessage });
      if (!isValidTopicName(t.name))
        return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `invalid topic name '${t.name}'`);
      if (this.b.topics.get(t.name))
        return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${t.name}' already exists`);
      if (partitions < 1 || partitions > MAX_PARTITIONS) {
        return fail(
          ErrorCode.INVALID_PARTITIONS,
          `partitions must be 1-${MAX_PARTITIONS}, got ${partitions}`,
        );
      }
      const configs = new Map<string, string | null>();
      for (const c of t.configs) {
        if (configs.has(c.name)) return fail(ErrorCode.INVALID_REQUEST, `Duplicate config key: ${c.name}`);
        configs.set(c.name, c.value);
      }
      const problem = checkTopicConfigs(configs);
      if (problem !== undefined) return fail(ErrorCode.INVALID_CONFIG, problem);
      if (!req.validateOnly) {
        this.b.topics.create(t.name, partitions, configs as Map<string, string>);
        this.b.configChanged();
        const shown = t.configs.map((c) => `${c.name}=${String(c.value)}`).join(' ');
        this.b.logger.info(`created topic ${t.name} with ${partitions} partition(s) ${shown}`.trimEnd());
      }
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return encode((w) => {
      encodeCreateTopicsResponse(w, v, { topics });
    });
  }

  deleteTopics(v: number, r: Reader): Buffer[] {
    const req = decodeDeleteTopicsRequest(r, v);
    const topics = req.topics.map((name) => {
      if (!this.b.topics.delete(name)) return { name, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      this.b.groups.offsets.deleteTopic(name);
      this.b.logger.info(`deleted topic ${name}`);
      return { name, errorCode: ErrorCode.NONE };
    });
    this.b.waiters.notifyAll();
    return encode((w) => {
      encodeDeleteTopicsResponse(w, v, { topics });
    });
  }

  createPartitions(v: number, r: Reader): Buffer[] {
    const req = decodeCreatePartitionsRequest(r, v);
    const seen = new Set<string>();
    const results = req.topics.map((t) => {
      const fail = (errorCode: number, errorMessage: string) => ({ name: t.name, errorCode, errorMessage });
      if (seen.has(t.name)) return fail(ErrorCode.INVALID_REQUEST, `Duplicate topic in request: ${t.name}`);
      seen.add(t.name);
      const current = this.b.topics.get(t.name)?.length;
      if (current === undefined)
        return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${t.name}' does not exist.`);
      if (t.count === current)
        return fail(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
      if (t.count < current) {
        return fail(
          ErrorCode.INVALID_PARTITIONS,
          `Topic currently has ${current} partitions, which is higher than the requested ${t.count}.`,
        );
      }
      if (t.count > MAX_PARTITIONS) {
        return fail(
          ErrorCode.INVALID_PARTITIONS,
          `partitions must be at most ${MAX_PARTITIONS}, got ${t.count}`,
        );
      }
      if (!req.validateOnly) {
        this.b.topics.addPartitions(t.name, t.count);
        this.b.logger.info(`topic ${t.name} now has ${t.count} partitions (was ${current})`);
      }
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return encode((w) => {
      encodeCreatePartitionsResponse(w, v, { results });
    });
  }

  /** DeleteRecords: moves log start offsets forward (offset -1 = the high watermark). */
  deleteRecords(v: number, r: Reader): Buffer[] {
    const req = decodeDeleteRecordsRequest(r, v);
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = this.b.topics.partition(t.name, p.partition);
        if (!log)
          return {
            partition: p.partition,
            lowWatermark: -1,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          };
        const offset = p.offset === -1 ? log.highWatermark : p.offset;
        if (offset < 0 || offset > log.highWatermark) {
          return { partition: p.partition, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
        }
        const lowWatermark = log.deleteRecordsBefore(offset);
        this.b.logger.info(`deleted records of ${t.name}-${p.partition} before offset ${lowWatermark}`);
        return { partition: p.partition, lowWatermark, errorCode: ErrorCode.NONE };
      }),
    }));
    return encode((w) => {
      encodeDeleteRecordsResponse(w, v, { topics });
    });
  }

  describeConfigs(v: number, r: Reader): Buffer[] {
    const req = decodeDescribeConfigsRequest(r, v);
    const results = req.resources.map((res): DescribeConfigsResult => {
      const { resourceType, resourceName } = res;
      const result = {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        resourceType,
        resourceName,
        configs: [],
      };
      // As Kafka: no key list, or an empty one, describes every config.
      const keys = res.configNames?.length ? res.configNames : null;
      const fail = (errorCode: number, errorMessage: string): DescribeConfigsResult => ({
        ...result,
        errorCode,
        errorMessage,
      });
      if (res.resourceType === TOPIC) {
        const configs = this.b.topics.configs(res.resourceName);
        if (!configs)
          return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${res.resourceName} does not exist`);
        return {
          ...result,
          configs: this.b.config.describeTopic(configs, keys, req.includeSynonyms),
        };
      }
      if (res.resourceType === BROKER) {
        const problem = this.checkBrokerName(res.resourceName);
        if (problem !== undefined) return fail(ErrorCode.INVALID_REQUEST, problem);
        return { ...result, configs: this.b.config.describeBroker(keys, req.includeSynonyms) };
      }
      return fail(
        ErrorCode.INVALID_REQUEST,
        `kafka-lite does not describe resource type ${res.resourceType}`,
      );
    });
    return encode((w) => {
      encodeDescribeConfigsResponse(w, v, { results });
    });
  }

  alterConfigs(v: number, r: Reader): Buffer[] {
    return this.alter(v, decodeAlterConfigsRequest(r, v), false);
  }

  incrementalAlterConfigs(v: number, r: Reader): Buffer[] {
    return this.alter(v, decodeIncrementalAlterConfigsRequest(r, v), true);
  }

  private alter(v: number, req: AlterConfigsRequest, incremental: boolean): Buffer[] {
    const results = req.resources.map((res): AlterConfigsResult => {
      const { resourceType, resourceName } = res;
      const problem =
        resourceType === TOPIC
          ? this.alterTopic(resourceName, res.configs, incremental, req.validateOnly)
          : resourceType === BROKER
            ? this.alterBroker(resourceName, res.configs, incremental, req.validateOnly)
            : {
                errorCode: ErrorCode.INVALID_REQUEST,
                message: `kafka-lite does not alter resource type ${resourceType}`,
              };
      if (problem !== undefined) {
        this.b.logger.info(`config change of ${resourceName} refused: ${problem.message}`);
        return { errorCode: problem.errorCode, errorMessage: problem.message, resourceType, resourceName };
      }
      return { errorCode: ErrorCode.NONE, errorMessage: null, resourceType, resourceName };
    });
    return encode((w) => {
      encodeAlterConfigsResponse(w, v, { results });
    });
  }

  private alterTopic(
    name: string,
    changes: ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
  ): { errorCode: number; message: string } | undefined {
    const current = this.b.topics.configs(name);
    if (!current)
      return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `Topic ${name} does not exist` };
    const next = applyConfigChanges(current, changes, incremental, topicConfigDef);
    const problem = typeof next === 'string' ? next : checkTopicConfigs(next);
    if (problem !== undefined || typeof next === 'string') {
      return { errorCode: ErrorCode.INVALID_CONFIG, message: problem ?? 'invalid config' };
    }
    if (!validateOnly) {
      this.b.topics.setConfigs(name, next);
      this.b.configChanged();
      this.b.logger.info(
        `topic ${name} configs: ${[...next].map(([k, x]) => `${k}=${x}`).join(' ') || '(defaults)'}`,
      );
    }
    return undefined;
  }

  private alterBroker(
    name: string,
    changes: ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
  ): { errorCode: number; message: string } | undefined {
    const bad = this.checkBrokerName(name);
    if (bad !== undefined) return { errorCode: ErrorCode.INVALID_REQUEST, message: bad };
    const problem = this.b.config.alterBroker(changes, incremental, validateOnly, name === '');
    if (problem !== undefined) return { errorCode: ErrorCode.INVALID_CONFIG, message: problem };
    if (!validateOnly) this.b.configChanged();
    return undefined;
  }

  private checkBrokerName(name: string): string | undefined {
    return name === '' || name === String(NODE_ID)
      ? undefined
      : `Unexpected broker id, expected ${NODE_ID} or empty string, but received ${name}`;
  }
}
