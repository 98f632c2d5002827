import { AppError } from '@commlab/errors';
import { callStackControl, type ServiceStatus, type StackAction } from '@commlab/stack-ops';

export type StackStatus =
  { available: true; services: ServiceStatus[] } | { available: false; detail: string };

/** How long a start may take: the stack waits until the service is healthy (first start: migrations). */
const START_TIMEOUT_MS = 150_000;

const NO_STACK =
  'no `pnpm start` runs with this data directory, so services cannot be stopped or paused from here ' +
  '(under docker compose: `docker compose stop|start|pause|unpause <service>`)';

/**
 * The faults view's handle on `pnpm start`: the same control socket and client as `pnpm stack`.
 * No stack there (docker compose, or a stack with another COMMLAB_DATA_DIR) is a state, not an error.
 */
export class StackControl {
  constructor(
    private readonly socketPath: string,
    private readonly timeoutMs: number,
  ) {}

  async status(): Promise<StackStatus> {
    try {
      const answer = await callStackControl(this.socketPath, 'GET', '/services', undefined, this.timeoutMs);
      const { services } = answer.body as { services?: ServiceStatus[] };
      if (answer.status !== 200 || services === undefined)
        return { available: false, detail: `the stack answered ${String(answer.status)}` };
      return { available: true, services };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ECONNREFUSED') return { available: false, detail: NO_STACK };
      return { available: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** One action on one service; the stack's refusal (unknown service, wrong state) is an AppError. */
  async act(service: string, action: StackAction, env: Record<string, string> = {}): Promise<ServiceStatus> {
    let answer: { status: number; body: unknown };
    try {
      answer = await callStackControl(
        this.socketPath,
        'POST',
        `/services/${encodeURIComponent(service)}/${action}`,
        action === 'start' ? { env } : undefined,
        action === 'start' ? START_TIMEOUT_MS : this.timeoutMs,
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError({
        code: 'NO_STACK',
        kind: code === 'ENOENT' || code === 'ECONNREFUSED' ? 'failed_precondition' : 'unavailable',
        message:
          code === 'ENOENT' || code === 'ECONNREFUSED'
            ? NO_STACK
            : `the stack did not answer: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
    if (answer.status === 200) return answer.body as ServiceStatus;
    const { code, message } = answer.body as { code?: string; message?: string };
    throw new AppError({
      code: code ?? 'STACK_REFUSED',
      kind: answer.status === 404 ? 'not_found' : answer.status === 409 ? 'conflict' : 'unavailable',
      message: message ?? `the stack answered ${String(answer.status)}`,
    });
  }
}
