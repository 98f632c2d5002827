import { gzipSync } from 'node:zlib';
import { crc32c } from './crc32c';

/** Test helper (excluded from the build): builds RecordBatch v2 bytes like a producer would. */
function varint(n: number): Buffer {
  let z = (n << 1) ^ (n >> 31);
  const out: number[] = [];
  while ((z & ~0x7f) !== 0) {
    out.push((z & 0x7f) | 0x80);
    z >>>= 7;
  }
  out.push(z);
  return Buffer.from(out);
}

export interface BatchOptions {
  /** Per-record timestamp deltas from `timestamp` (default all 0). */
  timestampDeltas?: number[];
  gzip?: boolean;
  /** Idempotent producer fields. */
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** Record keys (null = no key). */
  keys?: (string | null)[];
}

/** Builds a RecordBatch v2 with the given values (no headers). */
export function buildBatch(
  values: string[],
  timestamp = 1_700_000_000_000,
  options: BatchOptions = {},
): Buffer {
  const deltas = options.timestampDeltas ?? values.map(() => 0);
  const records = values.map((v, i) => {
    const value = Buffer.from(v);
    const key = options.keys?.[i];
    const keyBytes =
      key === undefined || key === null ? [varint(-1)] : [varint(Buffer.byteLength(key)), Buffer.from(key)];
    const body = Buffer.concat([
      Buffer.from([0]),
      varint(deltas[i] ?? 0),
      varint(i),
      ...keyBytes,
      varint(value.length),
      value,
      varint(0),
    ]);
    return Buffer.concat([varint(body.length), body]);
  });
  const payload = options.gzip ? gzipSync(Buffer.concat(records)) : Buffer.concat(records);
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(0n, 0);
  header.writeInt32BE(-1, 12); // partition leader epoch
  header.writeInt8(2, 16);
  header.writeInt16BE(options.gzip ? 1 : 0, 21);
  header.writeInt32BE(values.length - 1, 23);
  header.writeBigInt64BE(BigInt(timestamp), 27);
  header.writeBigInt64BE(BigInt(timestamp + Math.max(0, ...deltas)), 35);
  header.writeBigInt64BE(BigInt(options.producerId ?? -1), 43);
  header.writeInt16BE(options.producerEpoch ?? -1, 51);
  header.writeInt32BE(options.baseSequence ?? -1, 53);
  header.writeInt32BE(values.length, 57);
  const batch = Buffer.concat([header, payload]);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}
