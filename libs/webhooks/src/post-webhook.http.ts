import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { CheckedCallbackUrl } from './callback-url-policy';
import { pinnedLookup } from './pinned-lookup';

export interface PostResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
}

/** Thrown when the attempt's own timeout fires (connect, headers and body all count). */
export class PostTimeoutError extends Error {
  override readonly name = 'PostTimeoutError';
}

/** How much of a response body is read (then dropped); a receiver cannot keep an attempt busy forever. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One POST with node:http(s), no redirects (node:http never follows them), no keep-alive (a fresh
 * socket per attempt), connected only to the checked addresses (pinned lookup), bounded by
 * `timeoutMs` end to end and cancellable through `signal`. Resolves with the status once the response
 * has been read (or cut at 64 KiB); rejects on network errors, timeout or abort.
 */
export function postWebhook(options: {
  target: CheckedCallbackUrl;
  headers: OutgoingHttpHeaders;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<PostResponse> {
  const { target, body, timeoutMs, signal } = options;
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: PostResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) reject(error);
      else if (response !== undefined) resolve(response);
    };
    const req = request(
      target.url,
      {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(target),
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        ...(signal === undefined ? {} : { signal }),
      },
      (res) => {
        const response = { statusCode: res.statusCode ?? 0, headers: res.headers };
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) {
            res.destroy();
            finish(undefined, response);
          }
        });
        res.on('end', () => {
          finish(undefined, response);
        });
        res.on('error', () => {
          finish(undefined, response);
        });
        res.on('close', () => {
          finish(undefined, response);
        });
      },
    );
    const timer = setTimeout(() => {
      const error = new PostTimeoutError(`No complete answer within ${timeoutMs} ms.`);
      finish(error);
      req.destroy(error);
    }, timeoutMs);
    req.on('error', (error) => {
      finish(error);
    });
    req.end(body);
  });
}
