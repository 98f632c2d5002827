import { performance } from 'node:perf_hooks';

import { isAppError } from '@commlab/errors';
import type { LiveFeedFields } from '@commlab/messaging';
import { currentCorrelationId } from '@commlab/service-kit';

/** One synchronous call order-service makes, as the live feed reports it. */
export interface DownstreamCall {
  /** The service called, e.g. `inventory-service`. */
  to: string;
  /** What was asked, e.g. `ReserveStock`, `VerifyToken`. */
  operation: string;
  /** How: grpc, rest, rmq (RabbitMQ RPC), kafka (request-reply), or jwks (verified here, no call). */
  transport: string;
  /** True when nothing crossed the network (a token verified with cached keys). */
  local?: boolean;
  orderId?: string;
}

/**
 * Runs `call` and announces one `call.completed` line on the live feed (EventPublisher.announce): where it went, over which
 * transport, how long it took (ms), whether it failed (with the AppError code), and the request's
 * correlation id. This is what the console's topology and order timeline show of the sync path; the
 * call's outcome is returned or rethrown untouched.
 */
export async function reportDownstreamCall<T>(
  feed: { announce(event: string, fields: LiveFeedFields): void } | undefined,
  call: DownstreamCall,
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const correlationId = currentCorrelationId();
  const publish = (error?: unknown) => {
    feed?.announce('call.completed', {
      to: call.to,
      operation: call.operation,
      transport: call.transport,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ok: error === undefined,
      code: error === undefined ? null : isAppError(error) ? error.code : 'INTERNAL',
      ...(call.local === true ? { local: true } : {}),
      ...(call.orderId === undefined ? {} : { orderId: call.orderId }),
      ...(correlationId === undefined ? {} : { correlationId }),
    });
  };
  try {
    const result = await run();
    publish();
    return result;
  } catch (error) {
    publish(error);
    throw error;
  }
}
