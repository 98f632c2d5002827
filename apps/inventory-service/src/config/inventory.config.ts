import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

export { shouldSeedDemoData } from '@commlab/config';

/** PGlite's own spelling of "no directory": `INVENTORY_DATA_DIR=memory://` keeps the store in memory. */
export const IN_MEMORY_DATA_DIR = 'memory://';

/** inventory-service's variables, on top of the shared infrastructure ones. */
export const inventoryConfigSchema = infrastructureConfigSchema.extend({
  INVENTORY_HTTP_PORT: env.port(PORTS.inventory.http),
  INVENTORY_GRPC_PORT: env.port(PORTS.inventory.grpc),
  /** PGlite directory, used only when DATABASE_URL is unset; `memory://` = in memory. */
  INVENTORY_DATA_DIR: z
    .string()
    .min(1)
    .default('.data/inventory-service')
    .describe('a directory path, or memory:// for an in-memory store'),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
