import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface DeleteRecordsRequest {
  topics: { name: string; partitions: { partition: number; offset: number }[] }[];
  timeoutMs: number;
}

export interface DeleteRecordsResponse {
  topics: { name: string; partitions: { partition: number; lowWatermark: number; errorCode: number }[] }[];
}

export function decodeDeleteRecordsRequest(r: Reader, _version: number): DeleteRecordsRequest {
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => ({ partition: p.int32(), offset: p.int64() })),
  }));
  return { topics, timeoutMs: r.int32() };
}

export function encodeDeleteRecordsResponse(w: Writer, _version: number, res: DeleteRecordsResponse): void {
  w.int32(0);
  w.array(res.topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => w.int32(p.partition).int64(p.lowWatermark).int16(p.errorCode));
  });
}
