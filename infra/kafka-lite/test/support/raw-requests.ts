import type { Reader } from '../../src/protocol/reader';
import type { Writer } from '../../src/protocol/writer';

/** Request bodies and response readers for tests that speak the protocol with exact frames. */

export {
  fetchBody,
  offsetCommitBody,
  offsetCommitError,
  produceBody,
  produceResult,
} from '../../src/bench/request-bodies';

/** Reads a Fetch v11 response's first partition: error code, high watermark, records size. */
export function fetchResult(r: Reader): {
  errorCode: number;
  hw: number;
  recordBytes: number;
} {
  r.int32(); // throttle
  r.int16(); // error
  r.int32(); // session
  r.int32(); // topics
  r.string();
  r.int32(); // partitions
  r.int32();
  const errorCode = r.int16();
  const hw = r.int64();
  r.int64(); // lso
  r.int64(); // log start
  r.int32(); // aborted
  r.int32(); // preferred replica
  return { errorCode, hw, recordBytes: r.bytes().length };
}

/** OffsetFetch v1 body for one partition. */
export function offsetFetchBody(groupId: string, topic: string, partition: number): (w: Writer) => void {
  return (w) => {
    w.string(groupId);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([partition], (w, p) => w.int32(p));
    });
  };
}

/** Reads the committed offset of the first partition of an OffsetFetch v1 response. */
export function offsetFetchResult(r: Reader): number {
  r.int32(); // topics
  r.string();
  r.int32(); // partitions
  r.int32();
  return r.int64();
}

/** ListOffsets v1 body: partition 0 of `topic` at `timestamp` (-1 latest, -2 earliest). */
export function listOffsetsBody(topic: string, timestamp: number, partition = 0): (w: Writer) => void {
  return (w) => {
    w.int32(-1);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([partition], (w, p) => w.int32(p).int64(timestamp));
    });
  };
}

/** Reads the first partition of a ListOffsets v1 response. */
export function listOffsetsResult(r: Reader): { errorCode: number; timestamp: number; offset: number } {
  r.int32(); // topics
  r.string();
  r.int32(); // partitions
  r.int32();
  return { errorCode: r.int16(), timestamp: r.int64(), offset: r.int64() };
}

/** JoinGroup v3 body (no MEMBER_ID_REQUIRED step), protocol 'range'. */
export function joinGroupBody(
  groupId: string,
  memberId: string,
  sessionTimeoutMs = 30_000,
  rebalanceTimeoutMs = 60_000,
): (w: Writer) => void {
  return (w) => {
    w.string(groupId).int32(sessionTimeoutMs).int32(rebalanceTimeoutMs).string(memberId).string('consumer');
    w.array(['range'], (w, n) => w.string(n).bytes(Buffer.from('metadata')));
  };
}

/** Reads a JoinGroup v3 response. */
export function joinGroupResult(r: Reader): {
  errorCode: number;
  generation: number;
  leader: string;
  memberId: string;
  members: number;
} {
  r.int32();
  const errorCode = r.int16();
  const generation = r.int32();
  r.string();
  const leader = r.string();
  const memberId = r.string();
  return { errorCode, generation, leader, memberId, members: r.int32() };
}

/** SyncGroup v1 body: the leader assigns `assignment` to itself. */
export function syncGroupBody(
  groupId: string,
  generation: number,
  memberId: string,
  assignment: string,
): (w: Writer) => void {
  return (w) => {
    w.string(groupId).int32(generation).string(memberId);
    w.array([memberId], (w, m) => w.string(m).bytes(Buffer.from(assignment)));
  };
}

/** Heartbeat v1 body. */
export function heartbeatBody(groupId: string, generation: number, memberId: string): (w: Writer) => void {
  return (w) => w.string(groupId).int32(generation).string(memberId);
}

/** Reads the error code of a response whose body starts with throttle_time_ms, error_code. */
export function throttledError(r: Reader): number {
  r.int32();
  return r.int16();
}
