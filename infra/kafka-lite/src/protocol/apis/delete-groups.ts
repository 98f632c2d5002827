import type { Reader } from '../reader';
import type { Writer } from '../writer';

export function decodeDeleteGroupsRequest(r: Reader, _version: number): { groups: string[] } {
  return { groups: r.array((g) => g.string()) };
}

export function encodeDeleteGroupsResponse(
  w: Writer,
  _version: number,
  res: { groups: { groupId: string; errorCode: number }[] },
): void {
  w.int32(0);
  w.array(res.groups, (w, g) => w.string(g.groupId).int16(g.errorCode));
}
