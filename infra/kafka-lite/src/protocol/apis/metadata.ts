import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface MetadataRequest {
  /** null = all topics. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  partitions: number[];
}

export interface MetadataResponse {
  nodeId: number;
  host: string;
  port: number;
  clusterId: string;
  topics: MetadataTopic[];
}

export function decodeMetadataRequest(r: Reader, version: number): MetadataRequest {
  let topics = r.nullableArray((t) => t.string());
  if (version === 0 && topics?.length === 0) topics = null;
  const allowAutoTopicCreation = version >= 4 ? r.bool() : true;
  return { topics, allowAutoTopicCreation };
}

export function encodeMetadataResponse(w: Writer, version: number, res: MetadataResponse): void {
  if (version >= 3) w.int32(0);
  w.array([res], (w, b) => {
    w.int32(b.nodeId).string(b.host).int32(b.port);
    if (version >= 1) w.string(null); // rack
  });
  if (version >= 2) w.string(res.clusterId);
  if (version >= 1) w.int32(res.nodeId);
  w.array(res.topics, (w, t) => {
    w.int16(t.errorCode).string(t.name);
    if (version >= 1) w.bool(false);
    w.array(t.partitions, (w, p) => {
      w.int16(0).int32(p).int32(res.nodeId);
      w.array([res.nodeId], (w, n) => w.int32(n)); // replicas
      w.array([res.nodeId], (w, n) => w.int32(n)); // isr
      if (version >= 5) w.int32(0); // offline_replicas
    });
  });
}
