import { type SagaStyle } from '@commlab/contracts';
import { AppError } from '@commlab/errors';

/** The saga style of an async order when `?saga=` is not given: today's ReserveStock command. */
export const DEFAULT_SAGA_STYLE: SagaStyle = 'orchestration';

export function sagaRequiresAsync(saga: SagaStyle): AppError {
  return new AppError({
    code: 'SAGA_REQUIRES_ASYNC',
    kind: 'invalid_argument',
    message: `saga=${saga} applies to an async order only: send it with Prefer: respond-async`,
    details: { saga },
  });
}

/**
 * The saga style an order is placed with (pure): an async order takes `?saga=` or the default; a sync
 * order has none — it reserves its stock in the request, there is no saga — so asking for one is a 400
 * (SAGA_REQUIRES_ASYNC) rather than a silently ignored parameter.
 */
export function decideSagaStyle(mode: 'sync' | 'async', requested: SagaStyle | undefined): SagaStyle | null {
  if (mode === 'async') return requested ?? DEFAULT_SAGA_STYLE;
  if (requested !== undefined) throw sagaRequiresAsync(requested);
  return null;
}
