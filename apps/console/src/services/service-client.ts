import { AppError } from '@commlab/errors';

import type { ServiceNode } from '../common/topology';

export interface ServiceAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Why a fetch got no answer, in a user's words: ECONNREFUSED, "no answer within 3000 ms", … */
export function whyNoAnswer(error: unknown, timeoutMs: number): string {
  const { name, cause, message } = error as { name?: string; cause?: { code?: string }; message?: string };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${String(timeoutMs)} ms`;
  return cause?.code ?? message ?? String(error);
}

/** What to do about a service that does not answer, for the page. */
export function howToBringBack(service: ServiceNode): string {
  const short = service.replace(/-service$/, '');
  return `start it from the Faults view, or with \`pnpm stack start ${short}\` (docker compose: \`docker compose start ${service}\`)`;
}

/**
 * One JSON call to a commlab service, bounded by `timeoutMs`. No answer (refused, timed out) is an
 * AppError SERVICE_UNAVAILABLE (503) naming the service and the reason; any answer, 4xx and 5xx
 * included, is returned for the caller to judge.
 */
export async function callService(
  service: ServiceNode,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string>; timeoutMs: number },
): Promise<ServiceAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
  } catch (error) {
    throw new AppError({
      code: 'SERVICE_UNAVAILABLE',
      kind: 'unavailable',
      message: `${service} does not answer (${whyNoAnswer(error, init.timeoutMs)}): ${howToBringBack(service)}`,
      details: { service },
      cause: error,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

/** The body of a 2xx answer; anything else is an AppError BAD_GATEWAY naming the service and its error. */
export function expectOk(service: ServiceNode, answer: ServiceAnswer): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const { code, message } = (answer.body ?? {}) as { code?: unknown; message?: unknown };
  throw new AppError({
    code: 'SERVICE_ERROR',
    kind: answer.status === 404 ? 'not_found' : answer.status < 500 ? 'invalid_argument' : 'unavailable',
    message: `${service} answered ${String(answer.status)}${typeof code === 'string' ? ` ${code}` : ''}${typeof message === 'string' ? `: ${message}` : ''}`,
    details: { service, status: answer.status },
  });
}
