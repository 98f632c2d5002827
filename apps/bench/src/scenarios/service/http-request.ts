import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/** A whole HTTP answer: status, headers and the body read to the end. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A node:http agent that opens a fresh connection per request and closes it after (TCP_NODELAY on): for
 * the bench's setup requests (login, stock check, JWKS), so they never leave idle connections in a pool
 * a measured client would then reuse. `fetch` keeps one keep-alive pool per origin for the whole
 * process: the scenario that fetches from a service opens its own connections, and the bench's
 * NoDelayWatch files them under it.
 */
export const ONE_SHOT_AGENT = new Agent({ keepAlive: false, noDelay: true });

/** One HTTP request to a bench service (plain http, as the services listen), the whole answer read. */
export function httpRequest(
  url: URL,
  options: { method: string; headers?: Record<string, string>; body?: Buffer | string; agent?: Agent },
): Promise<HttpAnswer> {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method,
        agent: options.agent ?? ONE_SHOT_AGENT,
        headers: {
          ...options.headers,
          ...(body === undefined ? {} : { 'content-length': body.length }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The answer's body as JSON, or `undefined` when it is not JSON. */
export function jsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return undefined;
  }
}
