import { ApiKey, SUPPORTED_VERSIONS, type ApiName } from '../api-keys';
import { ErrorCode } from '../errors';
import type { Writer } from '../writer';

/**
 * ApiVersions response. A request above v2 (librdkafka starts with v3) gets UNSUPPORTED_VERSION in
 * the v0 body layout, which every client can read, and then retries with a version we list.
 */
export function encodeApiVersionsResponse(w: Writer, version: number): void {
  const unsupported = version > SUPPORTED_VERSIONS.ApiVersions[1];
  w.int16(unsupported ? ErrorCode.UNSUPPORTED_VERSION : ErrorCode.NONE);
  const entries = Object.entries(SUPPORTED_VERSIONS) as [ApiName, readonly [number, number]][];
  w.array(entries, (w, [name, [min, max]]) => w.int16(ApiKey[name]).int16(min).int16(max));
  if (version >= 1 && !unsupported) w.int32(0);
}
