import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface DescribeConfigsRequest {
  resources: { resourceType: number; resourceName: string; configNames: string[] | null }[];
  includeSynonyms: boolean;
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** ConfigSource: 1 topic, 2 dynamic broker, 3 dynamic default broker, 4 static broker, 5 default. */
  source: number;
  synonyms: { name: string; value: string | null; source: number }[];
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribedConfig[];
}

export function decodeDescribeConfigsRequest(r: Reader, version: number): DescribeConfigsRequest {
  const resources = r.array((x) => ({
    resourceType: x.int8(),
    resourceName: x.string(),
    configNames: x.nullableArray((n) => n.string()),
  }));
  return { resources, includeSynonyms: version >= 1 ? r.bool() : false };
}

export function encodeDescribeConfigsResponse(
  w: Writer,
  version: number,
  res: { results: DescribeConfigsResult[] },
): void {
  w.int32(0);
  w.array(res.results, (w, x) => {
    w.int16(x.errorCode).string(x.errorMessage).int8(x.resourceType).string(x.resourceName);
    w.array(x.configs, (w, c) => {
      w.string(c.name).string(c.value).bool(c.readOnly);
      if (version === 0) w.bool(c.source === 5);
      else w.int8(c.source);
      w.bool(false); // is_sensitive
      if (version >= 1) w.array(c.synonyms, (w, s) => w.string(s.name).string(s.value).int8(s.source));
    });
  });
}
