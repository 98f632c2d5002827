import { storesLine } from './stores-line';

describe('storesLine', () => {
  it('names the PGlite directory, where PGlite runs and how to move to PostgreSQL', () => {
    expect(storesLine({ DATABASE_URL: undefined, PGLITE_THREAD: 'main', COMMLAB_DATA_DIR: '.data' })).toBe(
      "Stores: PGlite in .data/<service> (on each service's event loop); " +
        'DATABASE_URL=postgres://… keeps them in PostgreSQL instead (faster; docs/benchmarks.md).',
    );
    expect(
      storesLine({ DATABASE_URL: undefined, PGLITE_THREAD: 'worker', COMMLAB_DATA_DIR: '/tmp/x' }),
    ).toContain('PGlite in /tmp/x/<service> (each on a worker thread)');
  });

  it('names the PostgreSQL server without its password', () => {
    const line = storesLine({
      DATABASE_URL: 'postgres://app:s3cret-pass@db.internal:5432/commlab',
      PGLITE_THREAD: 'main',
      COMMLAB_DATA_DIR: '.data',
    });
    expect(line).toBe(
      'Stores: PostgreSQL at postgres://app:***@db.internal:5432/commlab, each service in a schema of its own.',
    );
  });
});
