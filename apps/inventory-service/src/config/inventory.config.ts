import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

/** PGlite's own spelling of "no directory": `INVENTORY_DATA_DIR=memory://` keeps the store in memory. */
export const IN_MEMORY_DATA_DIR = 'memory://';

const BOOLEAN_WORDS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] as const;

/** A boolean whose default depends on other variables: unset stays `undefined` (see `shouldSeedDemoData`). */
function optionalBool() {
  return z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(BOOLEAN_WORDS))
    .transform((value) => ['true', '1', 'yes', 'on'].includes(value))
    .optional()
    .describe('a boolean: true/false, 1/0, yes/no or on/off (unset: true only in development)');
}

/** inventory-service's variables, on top of the shared infrastructure ones. */
export const inventoryConfigSchema = infrastructureConfigSchema.extend({
  INVENTORY_HTTP_PORT: env.port(PORTS.inventory.http),
  INVENTORY_GRPC_PORT: env.port(PORTS.inventory.grpc),
  /** 127.0.0.1 locally; compose sets 0.0.0.0. */
  BIND_HOST: z.string().min(1).default('127.0.0.1').describe('a host name or IP address to listen on'),
  /** PGlite directory, used only when DATABASE_URL is unset; `memory://` = in memory. */
  INVENTORY_DATA_DIR: z
    .string()
    .min(1)
    .default('.data/inventory-service')
    .describe('a directory path, or memory:// for an in-memory store'),
  /** Seed the demo catalog and stock of DESIGN.md (idempotent). Unset: true when COMMLAB_ENV=development. */
  SEED_DEMO_DATA: optionalBool(),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;

/** Whether to seed the demo catalog: SEED_DEMO_DATA when set, else only in development. */
export function shouldSeedDemoData(config: Pick<InventoryConfig, 'SEED_DEMO_DATA' | 'COMMLAB_ENV'>): boolean {
  return config.SEED_DEMO_DATA ?? config.COMMLAB_ENV === 'development';
}
