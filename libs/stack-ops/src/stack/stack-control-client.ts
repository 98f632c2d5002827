import { request } from 'node:http';

/**
 * One request to a stack's control socket; resolves with the status code and the parsed JSON body.
 * With `timeoutMs`, a stack that does not answer in time rejects with a TimeoutError (a start waits
 * until the service is healthy, so give it the stack's START_TIMEOUT_MS).
 */
export function callStackControl(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs?: number,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown });
        } catch {
          reject(new Error(`the stack answered ${String(response.statusCode)} with non-JSON: ${text}`));
        }
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    if (timeoutMs !== undefined) {
      req.setTimeout(timeoutMs, () => {
        const timeout = new Error(
          `the stack did not answer ${method} ${path} within ${String(timeoutMs)} ms`,
        );
        timeout.name = 'TimeoutError';
        req.destroy(timeout);
      });
    }
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
