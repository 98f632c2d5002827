import type { Reader } from '../reader';
import type { Writer } from '../writer';

/** IncrementalAlterConfigs operations (AlterConfigs entries are all SET). */
export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface AlterConfigsRequest {
  resources: {
    resourceType: number;
    resourceName: string;
    configs: { name: string; operation: number; value: string | null }[];
  }[];
  validateOnly: boolean;
}

export interface AlterConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

/** AlterConfigs v0-v1: every entry replaces the resource's whole config set. */
export function decodeAlterConfigsRequest(r: Reader, _version: number): AlterConfigsRequest {
  const resources = r.array((x) => ({
    resourceType: x.int8(),
    resourceName: x.string(),
    configs: x.array((c) => ({
      name: c.string(),
      operation: ConfigOperation.SET,
      value: c.nullableString(),
    })),
  }));
  return { resources, validateOnly: r.bool() };
}

/** IncrementalAlterConfigs v0: each entry is an operation on one key. */
export function decodeIncrementalAlterConfigsRequest(r: Reader, _version: number): AlterConfigsRequest {
  const resources = r.array((x) => ({
    resourceType: x.int8(),
    resourceName: x.string(),
    configs: x.array((c) => ({ name: c.string(), operation: c.int8(), value: c.nullableString() })),
  }));
  return { resources, validateOnly: r.bool() };
}

/** The response layout both APIs share in these versions. */
export function encodeAlterConfigsResponse(
  w: Writer,
  _version: number,
  res: { results: AlterConfigsResult[] },
): void {
  w.int32(0);
  w.array(res.results, (w, x) => {
    w.int16(x.errorCode).string(x.errorMessage).int8(x.resourceType).string(x.resourceName);
  });
}
