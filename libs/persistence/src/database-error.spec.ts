import {
  DatabaseError,
  isInvalidInputDbError,
  isRetriableDbError,
  redactUrl,
  toDatabaseError,
} from './database-error';

function pgError(code: string, message = 'boom', extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });
}

describe('toDatabaseError', () => {
  it.each(['40001', '40P01'])('classifies SQLSTATE %s as retriable DB_SERIALIZATION_FAILURE', (sqlState) => {
    const cause = pgError(sqlState, 'could not serialize access');
    const error = toDatabaseError(cause, 'query failed');
    expect(error).toMatchObject({ code: 'DB_SERIALIZATION_FAILURE', retriable: true, sqlState, cause });
    expect(isRetriableDbError(error)).toBe(true);
  });

  it.each(['08006', '57P01', '57P03', '53300'])(
    'classifies SQLSTATE %s as retriable DB_UNAVAILABLE',
    (code) => {
      expect(toDatabaseError(pgError(code), 'x')).toMatchObject({ code: 'DB_UNAVAILABLE', retriable: true });
    },
  );

  it('classifies refused connections, also inside an AggregateError, as DB_UNAVAILABLE', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toDatabaseError(refused, 'x').code).toBe('DB_UNAVAILABLE');
    const aggregate = new AggregateError([refused], '');
    const error = toDatabaseError(aggregate, 'connect');
    expect(error).toMatchObject({ code: 'DB_UNAVAILABLE', retriable: true });
    expect(error.message).toBe('connect: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('classifies pg connection-loss messages as DB_UNAVAILABLE', () => {
    expect(toDatabaseError(new Error('Connection terminated unexpectedly'), 'x').code).toBe('DB_UNAVAILABLE');
  });

  it('keeps SQLSTATE and constraint of other server errors as DB_QUERY_FAILED', () => {
    const error = toDatabaseError(
      pgError('23505', 'duplicate key value violates unique constraint "users_pkey"', {
        constraint: 'users_pkey',
      }),
      'insert failed',
    );
    expect(error).toMatchObject({
      code: 'DB_QUERY_FAILED',
      retriable: false,
      sqlState: '23505',
      constraint: 'users_pkey',
    });
    expect(error.message).toContain('(SQLSTATE 23505)');
  });

  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', 'invalid input syntax for type uuid: "abc"'],
    ['22P05', 'unsupported Unicode escape sequence'],
  ])('classifies SQLSTATE %s (the data, not the store) as DB_INVALID_INPUT', (sqlState, text) => {
    const error = toDatabaseError(pgError(sqlState, text), 'insert failed');
    expect(error).toMatchObject({ code: 'DB_INVALID_INPUT', retriable: false, sqlState });
    expect(isInvalidInputDbError(error)).toBe(true);
    expect(isInvalidInputDbError(toDatabaseError(pgError('23505'), 'x'))).toBe(false);
    expect(isInvalidInputDbError(new Error('x'))).toBe(false);
  });

  it('passes a DatabaseError through unchanged and accepts non-Error values', () => {
    const original = new DatabaseError('DB_CLOSED', 'closed');
    expect(toDatabaseError(original, 'x')).toBe(original);
    expect(toDatabaseError('weird', 'x')).toMatchObject({ code: 'DB_QUERY_FAILED', message: 'x: weird' });
  });

  it('redacts the password of the URL from the message', () => {
    const url = 'postgres://app:hunter2-secret@db.internal:5432/app';
    const error = toDatabaseError(new Error(`cannot reach ${url} (password hunter2-secret)`), 'open', url);
    expect(error.message).not.toContain('hunter2-secret');
    expect(error.message).toContain('postgres://app:***@db.internal:5432/app');
  });
});

describe('redactUrl', () => {
  it('hides only the password', () => {
    expect(redactUrl('postgres://u:p%40ss@h:1/d')).toBe('postgres://u:***@h:1/d');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });
});

describe('isRetriableDbError', () => {
  it('is false for anything that is not a retriable DatabaseError', () => {
    expect(isRetriableDbError(new Error('x'))).toBe(false);
    expect(isRetriableDbError(new DatabaseError('DB_QUERY_FAILED', 'x'))).toBe(false);
    expect(isRetriableDbError(undefined)).toBe(false);
  });
});
