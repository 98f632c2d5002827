import type { ApiProblem } from '../../../src/common/api';

/** An API call that failed: the console's `{code, message}`, or why nothing answered. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Give up after this long (default 10 s): the page never waits forever. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** One JSON call to the console server. */
export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers:
        options.body === undefined && options.method !== 'POST' ? {} : { 'content-type': 'application/json' },
      ...(options.method === 'POST' ? { body: JSON.stringify(options.body ?? {}) } : {}),
      signal: AbortSignal.any(signals),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiError(
      timedOut ? 'CONSOLE_TIMEOUT' : 'CONSOLE_UNREACHABLE',
      timedOut
        ? `the console server did not answer within ${String(timeoutMs / 1000)} s`
        : 'the console server does not answer: is `pnpm start` (or the console container) running?',
      null,
    );
  }
  const text = await response.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<ApiProblem>;
    throw new ApiError(
      problem.code ?? `HTTP_${String(response.status)}`,
      problem.message ?? response.statusText,
      response.status,
    );
  }
  return body as T;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
