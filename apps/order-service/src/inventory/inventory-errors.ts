import { AppError } from '@commlab/errors';

/**
 * Inventory's answer, as the order API reports it. Business refusals keep inventory's stable code
 * (OUT_OF_STOCK 409, UNKNOWN_SKU 400 — the SKU is in the caller's body); inventory down, slow or broken
 * is 503 INVENTORY_UNAVAILABLE.
 */
export function inventoryFailure(error: AppError): AppError {
  const details = error.details;
  switch (error.code) {
    case 'OUT_OF_STOCK':
      return new AppError({
        code: 'OUT_OF_STOCK',
        kind: 'failed_precondition',
        message: error.message,
        ...(details ? { details } : {}),
        cause: error,
      });
    case 'UNKNOWN_SKU':
      return new AppError({
        code: 'UNKNOWN_SKU',
        kind: 'invalid_argument',
        message: error.message,
        ...(details ? { details } : {}),
        cause: error,
      });
    case 'INVALID_REQUEST':
    case 'VALIDATION_FAILED':
      return new AppError({
        code: 'INVALID_ITEMS',
        kind: 'invalid_argument',
        message: error.message,
        ...(details ? { details } : {}),
        cause: error,
      });
    default:
      return new AppError({
        code: 'INVENTORY_UNAVAILABLE',
        kind: 'unavailable',
        message: `inventory-service is unavailable: ${error.message}`,
        cause: error,
      });
  }
}
