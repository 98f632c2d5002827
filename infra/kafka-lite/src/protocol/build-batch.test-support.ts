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

/** Builds an uncompressed RecordBatch v2 with the given values (no keys, no headers). */
export function buildBatch(values: string[], timestamp = 1_700_000_000_000): Buffer {
  const records = values.map((v, i) => {
    const value = Buffer.from(v);
    const body = Buffer.concat([
      Buffer.from([0]),
      varint(0),
      varint(i),
      varint(-1),
      varint(value.length),
      value,
      varint(0),
    ]);
    return Buffer.concat([varint(body.length), body]);
  });
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(0n, 0);
  header.writeInt32BE(-1, 12); // partition leader epoch
  header.writeInt8(2, 16);
  header.writeInt16BE(0, 21);
  header.writeInt32BE(values.length - 1, 23);
  header.writeBigInt64BE(BigInt(timestamp), 27);
  header.writeBigInt64BE(BigInt(timestamp), 35);
  header.writeBigInt64BE(-1n, 43);
  header.writeInt16BE(-1, 51);
  header.writeInt32BE(-1, 53);
  header.writeInt32BE(values.length, 57);
  const batch = Buffer.concat([header, ...records]);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}
