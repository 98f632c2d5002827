import { AppError } from '@commlab/errors';
import { isInvalidInputDbError } from '@commlab/persistence';

/**
 * The database refused a value the request carried (SQLSTATE 22021/22P02/22P05: `DB_INVALID_INPUT`):
 * the client's data is wrong, not the service, so it is a 400 / INVALID_ARGUMENT, never a 500. Edge
 * validation (`validateFields`) should have refused it first; this is the defence in depth behind it.
 * Anything else passes through unchanged.
 */
export function fromStoreInputError(error: unknown): unknown {
  if (!isInvalidInputDbError(error)) return error;
  return new AppError({
    code: 'INVALID_STORED_VALUE',
    kind: 'invalid_argument',
    message: `a value in the request cannot be stored (SQLSTATE ${error.sqlState ?? 'unknown'})`,
    details: { sqlState: error.sqlState ?? null },
    cause: error,
  });
}
