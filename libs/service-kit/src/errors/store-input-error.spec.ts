import { AppError } from '@commlab/errors';
import { DatabaseError } from '@commlab/persistence';

import { toErrorBody } from './error-body';
import { fromStoreInputError } from './store-input-error';

describe('fromStoreInputError', () => {
  it('turns a value the database refused into a 400 naming the SQLSTATE', () => {
    const refused = new DatabaseError('DB_INVALID_INPUT', 'insert: invalid byte sequence 0x00', {
      sqlState: '22021',
    });
    const mapped = fromStoreInputError(refused);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({
      code: 'INVALID_STORED_VALUE',
      kind: 'invalid_argument',
      httpStatus: 400,
      details: { sqlState: '22021' },
      cause: refused,
    });
    expect(toErrorBody(mapped)).toMatchObject({ body: { statusCode: 400 }, serverFault: false });
  });

  it('leaves every other error alone (a failed query stays a 500)', () => {
    const failed = new DatabaseError('DB_QUERY_FAILED', 'syntax error', { sqlState: '42601' });
    expect(fromStoreInputError(failed)).toBe(failed);
    const other = new Error('x');
    expect(fromStoreInputError(other)).toBe(other);
  });
});
