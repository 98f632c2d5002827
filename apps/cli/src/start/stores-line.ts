import { redactUrl } from '@commlab/persistence';

import type { StartConfig } from './start.config';

/** The ready banner's line on where the services keep their data, and how to move it. */
export function storesLine(
  config: Pick<StartConfig, 'DATABASE_URL' | 'PGLITE_THREAD' | 'COMMLAB_DATA_DIR'>,
): string {
  if (config.DATABASE_URL !== undefined) {
    return `Stores: PostgreSQL at ${redactUrl(config.DATABASE_URL)}, each service in a schema of its own.`;
  }
  const where =
    config.PGLITE_THREAD === 'worker' ? 'each on a worker thread' : "on each service's event loop";
  return (
    `Stores: PGlite in ${config.COMMLAB_DATA_DIR}/<service> (${where}); ` +
    'DATABASE_URL=postgres://… keeps them in PostgreSQL instead (faster; docs/benchmarks.md).'
  );
}
