import { currentCorrelationId } from '@commlab/service-kit';

import { currentServiceCaller } from '../auth/service-caller';
import type { EventProvenance } from './stock.types';

/**
 * Who and why for an event an HTTP request appends: the service token's client id (accepted by
 * ServiceTokenGuard), the request's correlation id, and the request id as the cause. (An HTTP request's
 * id is its correlation id — the client's `x-correlation-id` or a new UUID — so the two are equal here; an
 * event caused by a queued command has the command's message id as its cause instead.)
 */
export function httpProvenance(request: { id: unknown }): EventProvenance {
  return {
    actor: currentServiceCaller() ?? null,
    correlationId: currentCorrelationId() ?? null,
    causationId: typeof request.id === 'string' && request.id !== '' ? request.id : null,
  };
}
