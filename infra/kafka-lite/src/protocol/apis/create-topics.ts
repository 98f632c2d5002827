import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface CreateTopicsRequest {
  topics: {
    name: string;
    numPartitions: number;
    assignmentCount: number;
    configs: { name: string; value: string | null }[];
  }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreateTopicsResponse {
  topics: { name: string; errorCode: number; errorMessage: string | null }[];
}

export function decodeCreateTopicsRequest(r: Reader, version: number): CreateTopicsRequest {
  const topics = r.array((t) => {
    const name = t.string();
    const numPartitions = t.int32();
    t.int16(); // replication_factor
    const assignments = t.array((a) => ({ partition: a.int32(), brokers: a.array((b) => b.int32()) }));
    const configs = t.array((c) => ({ name: c.string(), value: c.nullableString() }));
    return { name, numPartitions, assignmentCount: assignments.length, configs };
  });
  const timeoutMs = r.int32();
  const validateOnly = version >= 1 ? r.bool() : false;
  return { topics, timeoutMs, validateOnly };
}

export function encodeCreateTopicsResponse(w: Writer, version: number, res: CreateTopicsResponse): void {
  if (version >= 2) w.int32(0);
  w.array(res.topics, (w, t) => {
    w.string(t.name).int16(t.errorCode);
    if (version >= 1) w.string(t.errorMessage);
  });
}
