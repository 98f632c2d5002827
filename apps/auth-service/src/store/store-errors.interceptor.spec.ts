import { AppError } from '@commlab/errors';
import { DatabaseError } from '@commlab/persistence';

import { fromStoreError } from './store-errors.interceptor';

describe('fromStoreError', () => {
  it.each([
    new DatabaseError('DB_UNAVAILABLE', 'connection refused', { retriable: true }),
    new DatabaseError('DB_SERIALIZATION_FAILURE', 'could not serialize', { retriable: true }),
    new DatabaseError('DB_CLOSED', 'closed'),
  ])('turns a transient store failure (%s) into 503 AUTH_STORE_UNAVAILABLE', (error) => {
    const mapped = fromStoreError(error);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'AUTH_STORE_UNAVAILABLE', httpStatus: 503, retriable: true });
  });

  it('leaves query errors and everything else alone', () => {
    const failed = new DatabaseError('DB_QUERY_FAILED', 'syntax error', { sqlState: '42601' });
    const plain = new Error('boom');
    expect([fromStoreError(failed), fromStoreError(plain)]).toEqual([failed, plain]);
  });
});
