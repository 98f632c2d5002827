import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
}

export function decodeHeartbeatRequest(r: Reader, version: number): HeartbeatRequest {
  const req = { groupId: r.string(), generationId: r.int32(), memberId: r.string() };
  if (version >= 3) r.nullableString(); // group_instance_id
  return req;
}

export function encodeHeartbeatResponse(w: Writer, version: number, res: { errorCode: number }): void {
  if (version >= 1) w.int32(0);
  w.int16(res.errorCode);
}
