import { buildBatch } from './build-batch.test-support';
import { batchAttributes, parseRecordBatches, setBaseOffset, validateBatch } from './record-batch';

describe('record batches', () => {
  it('parses and validates a batch', () => {
    const batch = buildBatch(['a', 'b', 'c']);
    const parsed = parseRecordBatches(batch);
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed).toEqual([
      expect.objectContaining({ offsetCount: 3, recordCount: 3, maxTimestamp: 1_700_000_000_000 }),
    ]);
    expect(batchAttributes(batch)).toBe(0);
  });

  it('splits several batches in one records field', () => {
    const parsed = parseRecordBatches(Buffer.concat([buildBatch(['a']), buildBatch(['b', 'c'])]));
    expect(Array.isArray(parsed) && parsed.map((b) => b.offsetCount)).toEqual([1, 2]);
  });

  it('rejects a CRC mismatch with CORRUPT_MESSAGE', () => {
    const batch = buildBatch(['payload']);
    batch.writeUInt8(batch.readUInt8(batch.length - 3) ^ 0xff, batch.length - 3);
    expect(parseRecordBatches(batch)).toMatchObject({ code: 'CORRUPT_MESSAGE' });
  });

  it('rejects old magic values', () => {
    const batch = buildBatch(['x']);
    batch.writeInt8(1, 16);
    expect(validateBatch(batch)).toMatchObject({ code: 'UNSUPPORTED_FOR_MESSAGE_FORMAT' });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['truncated header', buildBatch(['x']).subarray(0, 30)],
    ['truncated body', buildBatch(['xyz']).subarray(0, 65)],
  ])('rejects a %s records field', (_name, buf) => {
    expect(parseRecordBatches(buf)).toMatchObject({ code: 'CORRUPT_MESSAGE' });
  });

  it('rewrites only the base offset, which the CRC does not cover', () => {
    const batch = buildBatch(['a', 'b']);
    setBaseOffset(batch, 1234);
    expect(batch.readBigInt64BE(0)).toBe(1234n);
    expect(validateBatch(batch)).toBeUndefined();
  });
});
