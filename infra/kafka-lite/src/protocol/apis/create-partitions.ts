import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface CreatePartitionsRequest {
  topics: { name: string; count: number }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

export function decodeCreatePartitionsRequest(r: Reader, _version: number): CreatePartitionsRequest {
  const topics = r.array((t) => {
    const name = t.string();
    const count = t.int32();
    t.nullableArray((a) => a.array((b) => b.int32())); // assignments: single node, ignored
    return { name, count };
  });
  return { topics, timeoutMs: r.int32(), validateOnly: r.bool() };
}

export function encodeCreatePartitionsResponse(
  w: Writer,
  _version: number,
  res: { results: CreatePartitionsResult[] },
): void {
  w.int32(0);
  w.array(res.results, (w, x) => w.string(x.name).int16(x.errorCode).string(x.errorMessage));
}
