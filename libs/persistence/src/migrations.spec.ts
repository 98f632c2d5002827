import { DatabaseError } from './database-error';
import { migrationChecksum, validateMigrations } from './migrations';

function invalid(migrations: unknown): DatabaseError {
  try {
    validateMigrations(migrations as never);
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('MIGRATION_INVALID');
    return error as DatabaseError;
  }
  throw new Error('expected MIGRATION_INVALID');
}

describe('validateMigrations', () => {
  it('accepts an empty list and sorted unique ids', () => {
    expect(() => {
      validateMigrations([]);
      validateMigrations([
        { id: '001_a', sql: 'SELECT 1' },
        { id: '002_b', sql: 'SELECT 2' },
      ]);
    }).not.toThrow();
  });

  it('rejects unsorted ids, naming both', () => {
    const error = invalid([
      { id: '002_b', sql: 'SELECT 1' },
      { id: '001_a', sql: 'SELECT 1' },
    ]);
    expect(error.message).toContain('001_a');
    expect(error.message).toContain('002_b');
  });

  it('rejects duplicate ids', () => {
    expect(
      invalid([
        { id: '001_a', sql: 'SELECT 1' },
        { id: '001_a', sql: 'SELECT 2' },
      ]).message,
    ).toContain('twice');
  });

  it.each([
    ['a blank id', { id: ' ', sql: 'SELECT 1' }],
    ['a padded id', { id: ' 001_a', sql: 'SELECT 1' }],
    ['a missing id', { sql: 'SELECT 1' }],
    ['empty SQL', { id: '001_a', sql: '  ' }],
  ])('rejects %s', (_what, migration) => {
    invalid([migration]);
  });
});

describe('migrationChecksum', () => {
  it('is a stable sha256 of the SQL text', () => {
    expect(migrationChecksum('SELECT 1')).toBe(migrationChecksum('SELECT 1'));
    expect(migrationChecksum('SELECT 1')).not.toBe(migrationChecksum('SELECT 1 '));
    expect(migrationChecksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
