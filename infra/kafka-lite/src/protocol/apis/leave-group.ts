import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface LeaveGroupRequest {
  groupId: string;
  members: { memberId: string; groupInstanceId: string | null }[];
}

export interface LeaveGroupResponse {
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

export function decodeLeaveGroupRequest(r: Reader, version: number): LeaveGroupRequest {
  const groupId = r.string();
  if (version <= 2) return { groupId, members: [{ memberId: r.string(), groupInstanceId: null }] };
  return {
    groupId,
    members: r.array((m) => ({ memberId: m.string(), groupInstanceId: m.nullableString() })),
  };
}

export function encodeLeaveGroupResponse(w: Writer, version: number, res: LeaveGroupResponse): void {
  if (version >= 1) w.int32(0);
  w.int16(res.errorCode);
  if (version >= 3) {
    w.array(res.members, (w, m) => w.string(m.memberId).string(m.groupInstanceId).int16(m.errorCode));
  }
}
