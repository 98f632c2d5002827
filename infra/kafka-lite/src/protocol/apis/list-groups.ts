import type { Writer } from '../writer';

export interface ListGroupsResponse {
  errorCode: number;
  groups: { groupId: string; protocolType: string }[];
}

export function encodeListGroupsResponse(w: Writer, version: number, res: ListGroupsResponse): void {
  if (version >= 1) w.int32(0);
  w.int16(res.errorCode);
  w.array(res.groups, (w, g) => w.string(g.groupId).string(g.protocolType));
}
