import { AppError } from '@commlab/errors';

/** The refusals of inventory's use cases, with the stable codes shared by REST, gRPC and events. */

export function unknownSku(skus: readonly string[]): AppError {
  return new AppError({
    code: 'UNKNOWN_SKU',
    kind: 'not_found',
    message: `unknown SKU${skus.length === 1 ? '' : 's'}: ${skus.join(', ')}`,
    details: { skus: [...skus] },
  });
}

export function outOfStock(skus: readonly string[]): AppError {
  return new AppError({
    code: 'OUT_OF_STOCK',
    kind: 'failed_precondition',
    message: `not enough stock for ${skus.join(', ')}; nothing was reserved`,
    details: { skus: [...skus] },
  });
}

/** `reservationId` was used before for other items or another order, or was released (gRPC ALREADY_EXISTS). */
export function reservationConflict(reservationId: string, reason: string): AppError {
  return new AppError({
    code: 'RESERVATION_CONFLICT',
    kind: 'already_exists',
    message: `reservation ${reservationId} ${reason}`,
    details: { reservationId },
  });
}

export function reservationNotFound(reservationId: string): AppError {
  return new AppError({
    code: 'RESERVATION_NOT_FOUND',
    kind: 'not_found',
    message: `no reservation ${reservationId}`,
    details: { reservationId },
  });
}

export function mixedCurrencies(currencies: readonly string[]): AppError {
  return new AppError({
    code: 'MIXED_CURRENCIES',
    kind: 'failed_precondition',
    message: `one reservation cannot mix currencies (${currencies.join(', ')})`,
    details: { currencies: [...currencies] },
  });
}

/** A removal, count or revert that would leave fewer than zero units available. */
export function insufficientStock(sku: string, available: number, change: number): AppError {
  return new AppError({
    code: 'INSUFFICIENT_STOCK',
    kind: 'failed_precondition',
    message: `${sku} has ${available} available; a change of ${change} would take it below zero`,
    details: { sku, available, change },
  });
}

export function stockEventNotFound(sku: string, version: number): AppError {
  return new AppError({
    code: 'STOCK_EVENT_NOT_FOUND',
    kind: 'not_found',
    message: `${sku} has no event version ${version}`,
    details: { sku, version },
  });
}

/** Only adjustments are reverted by an EventReverted; `why` says what undoes this one instead. */
export function notRevertible(sku: string, version: number, type: string, why: string): AppError {
  return new AppError({
    code: 'NOT_REVERTIBLE',
    kind: 'failed_precondition',
    message: `${sku} event version ${version} (${type}) cannot be reverted: ${why}`,
    details: { sku, version, type, why },
  });
}

export function alreadyReverted(sku: string, version: number, revertedBy: number): AppError {
  return new AppError({
    code: 'ALREADY_REVERTED',
    kind: 'failed_precondition',
    message: `${sku} event version ${version} was already reverted by version ${revertedBy}`,
    details: { sku, version, revertedBy },
  });
}
