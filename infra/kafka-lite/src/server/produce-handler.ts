import { FetchWaiters } from '../log/fetch-waiters';
import type { PartitionLog } from '../log/partition-log';
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from '../protocol/apis/init-producer-id';
import {
  decodeProduceRequest,
  encodeProduceResponse,
  type ProducePartitionResponse,
} from '../protocol/apis/produce';
import { ErrorCode } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { parseRecordBatches, type RecordBatch } from '../protocol/record-batch';
import { encode, type BrokerState } from './broker-state';

/** Produce and InitProducerId: appends with size limits and idempotent-producer checks. */
export class ProduceHandler {
  constructor(private readonly b: BrokerState) {}

  /** Idempotent producers get an id; transactional ones get Kafka's error for a refused transactional id. */
  async initProducerId(v: number, r: Reader): Promise<Buffer[]> {
    const req = decodeInitProducerIdRequest(r, v);
    let res = { errorCode: ErrorCode.NONE as number, producerId: -1, producerEpoch: -1 };
    if (req.transactionalId !== null) {
      this.b.logger.warn(`transactional id '${req.transactionalId}' refused: kafka-lite has no transactions`);
      res = { ...res, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
    } else {
      res = { ...res, producerId: this.b.producerIds.allocate(), producerEpoch: 0 };
      await this.b.options.flush?.();
    }
    return encode((w) => {
      encodeInitProducerIdResponse(w, v, res);
    });
  }

  async produce(v: number, r: Reader): Promise<Buffer[] | null> {
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
        if (req.transactionalId !== null) return fail(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        const log = this.b.topics.partition(t.name, p.partition);
        if (!log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        const batches = parseRecordBatches(p.records ?? Buffer.alloc(0));
        const where = `${t.name}-${p.partition}`;
        if (!Array.isArray(batches)) {
          this.b.logger.warn(`produce to ${where} rejected: ${batches.message}`);
          return fail(ErrorCode[batches.code]);
        }
        const problem = this.check(t.name, where, log, batches);
        if (typeof problem === 'number') return fail(problem);
        if (problem !== undefined) {
          // A retried batch of an idempotent producer: answered with its offset, not appended again.
          return {
            ...fail(ErrorCode.NONE),
            baseOffset: problem.duplicateOf,
            logStartOffset: log.logStartOffset,
          };
        }
        const baseOffset = log.append(batches, now);
        for (const b of batches) this.b.stats.messagesIn += b.recordCount;
        const settings = this.b.config.topicSettings(this.b.topics.configs(t.name) ?? new Map());
        if (settings.retentionBytes >= 0) log.applyRetention(settings, now);
        this.b.waiters.notify(FetchWaiters.key(t.name, p.partition));
        return { ...fail(ErrorCode.NONE), baseOffset, logStartOffset: log.logStartOffset };
      }),
    }));
    if (req.acks === 0) return null;
    // Every batch was written with write(2) before this point; acks=-1 also waits for fsync if enabled.
    if (req.acks === -1) await this.b.options.flush?.();
    return encode((w) => {
      encodeProduceResponse(w, v, { topics });
    });
  }

  /**
   * Size limit (max.message.bytes, per batch as Kafka) and idempotence checks. Returns an error code,
   * `{ duplicateOf }` for a retried batch, or undefined when the batches may be appended.
   */
  private check(
    topic: string,
    where: string,
    log: PartitionLog,
    batches: RecordBatch[],
  ): number | { duplicateOf: number } | undefined {
    const { maxMessageBytes } = this.b.config.topicSettings(this.b.topics.configs(topic) ?? new Map());
    const tooLarge = batches.find((b) => b.bytes.length > maxMessageBytes);
    if (tooLarge) {
      this.b.logger.warn(
        `produce to ${where} rejected: MESSAGE_TOO_LARGE, a batch of ${tooLarge.bytes.length} bytes (max.message.bytes ${maxMessageBytes})`,
      );
      return ErrorCode.MESSAGE_TOO_LARGE;
    }
    if (batches.some((b) => b.transactional || b.control)) {
      this.b.logger.warn(
        `produce to ${where} rejected: transactional batch (kafka-lite has no transactions)`,
      );
      return ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
    }
    if (batches.length > 1) {
      // As Kafka since Produce v3: one record batch per partition.
      this.b.logger.warn(
        `produce to ${where} rejected: INVALID_RECORD, ${batches.length} record batches (one allowed)`,
      );
      return ErrorCode.INVALID_RECORD;
    }
    const [first] = batches;
    if (first === undefined || first.producerId < 0) return undefined;
    const verdict = log.producers.check(first);
    if (verdict.kind === 'duplicate') return { duplicateOf: verdict.baseOffset };
    if (verdict.kind === 'error') {
      this.b.logger.info(`produce to ${where} rejected: ${verdict.message}`);
      return verdict.errorCode;
    }
    return undefined;
  }
}
