import { gunzipSync } from 'node:zlib';
import {
  ATTRIBUTES_OFFSET,
  BATCH_HEADER_BYTES,
  COMPRESSION_MASK,
  FIRST_TIMESTAMP_OFFSET,
  LOG_APPEND_TIME,
  MAX_TIMESTAMP_OFFSET,
  RECORD_COUNT_OFFSET,
} from './record-batch';

/** Offset delta and timestamp of one record inside a batch (what ListOffsets by time needs). */
export interface RecordTime {
  offsetDelta: number;
  timestamp: number;
}

/** Reads a zigzag varint/varlong at `pos`; exact for values below 2^53. */
function varlong(buf: Buffer, pos: number): [value: number, next: number] {
  let raw = 0;
  let scale = 1;
  let at = pos;
  for (let i = 0; i < 10; i++) {
    const b = buf[at++];
    if (b === undefined) throw new RangeError('truncated varint');
    raw += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2, at];
    scale *= 128;
  }
  throw new RangeError('varint longer than 10 bytes');
}

/**
 * The records' offset deltas and timestamps of a stored batch, in order. Uncompressed and gzip batches
 * are read (gzip with node:zlib); for snappy, lz4 and zstd, which need libraries kafka-lite does not
 * have, it returns undefined and callers fall back to the batch header.
 */
export function recordTimes(batch: Buffer): RecordTime[] | undefined {
  const attributes = batch.readInt16BE(ATTRIBUTES_OFFSET);
  const codec = attributes & COMPRESSION_MASK;
  let records: Buffer;
  if (codec === 0) records = batch.subarray(BATCH_HEADER_BYTES);
  else if (codec === 1) records = gunzipSync(batch.subarray(BATCH_HEADER_BYTES));
  else return undefined;
  const first = Number(batch.readBigInt64BE(FIRST_TIMESTAMP_OFFSET));
  const appendTime = (attributes & LOG_APPEND_TIME) !== 0;
  const maxTimestamp = Number(batch.readBigInt64BE(MAX_TIMESTAMP_OFFSET));
  const count = batch.readInt32BE(RECORD_COUNT_OFFSET);
  const out: RecordTime[] = [];
  let pos = 0;
  for (let i = 0; i < count && pos < records.length; i++) {
    const [length, bodyStart] = varlong(records, pos);
    // attributes (int8), then timestampDelta (varlong) and offsetDelta (varint)
    const [timestampDelta, offsetDeltaAt] = varlong(records, bodyStart + 1);
    const [offsetDelta] = varlong(records, offsetDeltaAt);
    out.push({ offsetDelta, timestamp: appendTime ? maxTimestamp : first + timestampDelta });
    pos = bodyStart + length;
  }
  return out;
}
