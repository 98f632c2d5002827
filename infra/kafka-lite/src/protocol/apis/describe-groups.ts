import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocolData: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[];
}

export function decodeDescribeGroupsRequest(r: Reader, _version: number): { groups: string[] } {
  return { groups: r.array((g) => g.string()) };
}

export function encodeDescribeGroupsResponse(
  w: Writer,
  version: number,
  res: { groups: DescribedGroup[] },
): void {
  if (version >= 1) w.int32(0);
  w.array(res.groups, (w, g) => {
    w.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolData);
    w.array(g.members, (w, m) => {
      w.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
    });
  });
}
