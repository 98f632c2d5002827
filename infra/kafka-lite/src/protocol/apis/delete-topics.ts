import type { Reader } from '../reader';
import type { Writer } from '../writer';

export function decodeDeleteTopicsRequest(
  r: Reader,
  _version: number,
): { topics: string[]; timeoutMs: number } {
  return { topics: r.array((t) => t.string()), timeoutMs: r.int32() };
}

export function encodeDeleteTopicsResponse(
  w: Writer,
  version: number,
  res: { topics: { name: string; errorCode: number }[] },
): void {
  if (version >= 1) w.int32(0);
  w.array(res.topics, (w, t) => w.string(t.name).int16(t.errorCode));
}
