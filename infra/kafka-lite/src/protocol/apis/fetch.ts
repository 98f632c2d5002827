import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
}

export interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: { name: string; partitions: FetchPartitionRequest[] }[];
}

export interface FetchPartitionResponse {
  partition: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  /** Whole record batches, sent back to back; empty = no records (never null). */
  records: Buffer[];
}

export interface FetchResponse {
  topics: { name: string; partitions: FetchPartitionResponse[] }[];
}

export function decodeFetchRequest(r: Reader, version: number): FetchRequest {
  r.int32(); // replica_id
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = r.int32();
  const isolationLevel = r.int8();
  if (version >= 7) {
    r.int32(); // session_id
    r.int32(); // session_epoch
  }
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const partition = p.int32();
      if (version >= 9) p.int32(); // current_leader_epoch
      const fetchOffset = p.int64();
      if (version >= 5) p.int64(); // log_start_offset
      return { partition, fetchOffset, partitionMaxBytes: p.int32() };
    }),
  }));
  if (version >= 7) r.array((f) => ({ name: f.string(), partitions: f.array((p) => p.int32()) }));
  if (version >= 11) r.string(); // rack_id
  return { maxWaitMs, minBytes, maxBytes, isolationLevel, topics };
}

export function encodeFetchResponse(w: Writer, version: number, res: FetchResponse): void {
  w.int32(0); // throttle_time_ms
  if (version >= 7) w.int16(0).int32(0); // error_code, session_id
  w.array(res.topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      w.int32(p.partition).int16(p.errorCode).int64(p.highWatermark).int64(p.highWatermark);
      if (version >= 5) w.int64(p.logStartOffset);
      w.int32(0); // aborted_transactions: empty
      if (version >= 11) w.int32(-1); // preferred_read_replica
      w.bytesList(p.records);
    });
  });
}
