/**
 * Request bodies written with bare protocol frames, shared by the benchmark, the attacks and the tests
 * that need exact frames. Each returns a function that writes the body after the request header.
 */
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';

/** Produce v3-v7 body: one record batch to partition 0 of `topic`. */
export function produceBody(topic: string, batch: Buffer, acks = 1): (w: Writer) => void {
  return (w) => {
    w.string(null).int16(acks).int32(1000);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([0], (w, p) => w.int32(p).bytes(batch));
    });
  };
}

/** Fetch v11 body for partition 0 of `topic` from `offset`. */
export function fetchBody(
  topic: string,
  offset: number,
  maxWaitMs: number,
  minBytes = 1,
  maxBytes = 1 << 20,
): (w: Writer) => void {
  return (w) => {
    w.int32(-1).int32(maxWaitMs).int32(minBytes).int32(maxBytes).int8(0).int32(0).int32(-1);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([0], (w, p) => w.int32(p).int32(-1).int64(offset).int64(-1).int32(maxBytes));
    });
    w.int32(0).string('');
  };
}

/** Reads a Produce v7 response (after the correlation id) down to the first partition's result. */
export function produceResult(r: Reader): { errorCode: number; baseOffset: number } {
  r.int32(); // topics
  r.string();
  r.int32(); // partitions
  r.int32();
  return { errorCode: r.int16(), baseOffset: r.int64() };
}

/** Metadata v4 body that auto-creates `topic`. */
export function metadataBody(topic: string): (w: Writer) => void {
  return (w) => {
    w.array([topic], (w, t) => {
      w.string(t);
    });
    w.bool(true);
  };
}

/** OffsetCommit v2 body: a commit without generation of one partition. */
export function offsetCommitBody(
  groupId: string,
  topic: string,
  partition: number,
  offset: number,
  generationId = -1,
  memberId = '',
): (w: Writer) => void {
  return (w) => {
    w.string(groupId).int32(generationId).string(memberId).int64(-1);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([partition], (w, p) => w.int32(p).int64(offset).string(null));
    });
  };
}

/** Reads the first partition's error code of an OffsetCommit v2+ response (after the correlation id). */
export function offsetCommitError(r: Reader): number {
  r.int32(); // topics
  r.string();
  r.int32(); // partitions
  r.int32();
  return r.int16();
}
