import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface OffsetFetchRequest {
  groupId: string;
  /** null = every partition the group has committed (v2+). */
  topics: { name: string; partitions: number[] }[] | null;
}

export interface OffsetFetchResponse {
  errorCode: number;
  topics: {
    name: string;
    partitions: { partition: number; offset: number; metadata: string | null; errorCode: number }[];
  }[];
}

export function decodeOffsetFetchRequest(r: Reader, _version: number): OffsetFetchRequest {
  return {
    groupId: r.string(),
    topics: r.nullableArray((t) => ({ name: t.string(), partitions: t.array((p) => p.int32()) })),
  };
}

export function encodeOffsetFetchResponse(w: Writer, version: number, res: OffsetFetchResponse): void {
  if (version >= 3) w.int32(0);
  w.array(res.topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      w.int32(p.partition).int64(p.offset);
      if (version >= 5) w.int32(-1); // committed_leader_epoch
      w.string(p.metadata).int16(p.errorCode);
    });
  });
  if (version >= 2) w.int16(res.errorCode);
}
