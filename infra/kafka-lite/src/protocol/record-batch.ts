import { crc32c } from './crc32c';

/** Byte layout of a RecordBatch v2 header (the parts kafka-lite reads). */
export const BATCH_HEADER_BYTES = 61;
const LENGTH_OFFSET = 8;
const MAGIC_OFFSET = 16;
const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
const LAST_OFFSET_DELTA_OFFSET = 23;
export const FIRST_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
const PRODUCER_ID_OFFSET = 43;
const PRODUCER_EPOCH_OFFSET = 51;
const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;
/** Attribute bits. */
export const COMPRESSION_MASK = 0x07;
export const LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

/** One RecordBatch v2 as received from a producer; `bytes` are stored untouched except baseOffset. */
export interface RecordBatch {
  bytes: Buffer;
  /** Offsets this batch occupies: lastOffsetDelta + 1. */
  offsetCount: number;
  maxTimestamp: number;
  recordCount: number;
  /** Idempotent producer fields; producerId -1 = not idempotent. */
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
  control: boolean;
}

export type BatchProblem =
  { code: 'CORRUPT_MESSAGE'; message: string } | { code: 'UNSUPPORTED_FOR_MESSAGE_FORMAT'; message: string };

/**
 * Splits a produce request's `records` into RecordBatch v2 entries and validates each (length, magic,
 * CRC32C over bytes 21..end, offset delta). Returns the batches, or the first problem found.
 */
export function parseRecordBatches(records: Buffer): RecordBatch[] | BatchProblem {
  const batches: RecordBatch[] = [];
  let pos = 0;
  while (pos < records.length) {
    if (records.length - pos < BATCH_HEADER_BYTES) {
      return { code: 'CORRUPT_MESSAGE', message: 'truncated record batch header' };
    }
    const batchLength = records.readInt32BE(pos + LENGTH_OFFSET);
    const total = batchLength + 12;
    if (batchLength < BATCH_HEADER_BYTES - 12 || pos + total > records.length) {
      return { code: 'CORRUPT_MESSAGE', message: `bad batch length ${batchLength}` };
    }
    const bytes = records.subarray(pos, pos + total);
    const problem = validateBatch(bytes);
    if (problem) return problem;
    const attributes = bytes.readInt16BE(ATTRIBUTES_OFFSET);
    batches.push({
      bytes,
      offsetCount: bytes.readInt32BE(LAST_OFFSET_DELTA_OFFSET) + 1,
      maxTimestamp: Number(bytes.readBigInt64BE(MAX_TIMESTAMP_OFFSET)),
      recordCount: bytes.readInt32BE(RECORD_COUNT_OFFSET),
      ...producerFields(bytes),
      transactional: (attributes & TRANSACTIONAL) !== 0,
      control: (attributes & CONTROL) !== 0,
    });
    pos += total;
  }
  if (batches.length === 0) return { code: 'CORRUPT_MESSAGE', message: 'no record batch' };
  return batches;
}

/** Checks one complete batch buffer; undefined when it is fine. */
export function validateBatch(bytes: Buffer): BatchProblem | undefined {
  const magic = bytes.readInt8(MAGIC_OFFSET);
  if (magic !== 2) {
    return {
      code: 'UNSUPPORTED_FOR_MESSAGE_FORMAT',
      message: `record batch magic ${magic}, only v2 is supported`,
    };
  }
  const expected = bytes.readUInt32BE(CRC_OFFSET);
  const actual = crc32c(bytes, ATTRIBUTES_OFFSET);
  if (expected !== actual) {
    return {
      code: 'CORRUPT_MESSAGE',
      message: `CRC32C mismatch: batch says ${expected}, bytes give ${actual}`,
    };
  }
  const delta = bytes.readInt32BE(LAST_OFFSET_DELTA_OFFSET);
  if (delta < 0) return { code: 'CORRUPT_MESSAGE', message: `negative lastOffsetDelta ${delta}` };
  return undefined;
}

/** The idempotent-producer fields of a batch header. */
export function producerFields(bytes: Buffer): {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
} {
  return {
    producerId: Number(bytes.readBigInt64BE(PRODUCER_ID_OFFSET)),
    producerEpoch: bytes.readInt16BE(PRODUCER_EPOCH_OFFSET),
    baseSequence: bytes.readInt32BE(BASE_SEQUENCE_OFFSET),
  };
}

/** Rewrites baseOffset in place (the CRC does not cover it). */
export function setBaseOffset(bytes: Buffer, baseOffset: number): void {
  bytes.writeBigInt64BE(BigInt(baseOffset), 0);
}

export function batchAttributes(bytes: Buffer): number {
  return bytes.readInt16BE(ATTRIBUTES_OFFSET);
}

/** Total size of the batch starting at `pos`, or -1 if the header is incomplete. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  if (buf.length - pos < BATCH_HEADER_BYTES) return -1;
  return buf.readInt32BE(pos + LENGTH_OFFSET) + 12;
}
