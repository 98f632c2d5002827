import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';

const HTTP = ['http:', 'https:'];

/**
 * Where `pnpm race` finds the stack: order-service (or --base-url), auth-service (the customer's login),
 * inventory-service (the stock before and after) and Redis (the live feed). Defaults: `pnpm start`'s.
 */
export const raceSettingsSchema = infrastructureConfigSchema.pick({ REDIS_URL: true }).extend({
  ORDER_HTTP_URL: env.url(`http://127.0.0.1:${String(PORTS.order.http)}`, HTTP),
  AUTH_HTTP_URL: env.url(`http://127.0.0.1:${String(PORTS.auth.http)}`, HTTP),
  INVENTORY_HTTP_URL: env.url(`http://127.0.0.1:${String(PORTS.inventory.http)}`, HTTP),
});

export interface RaceTarget {
  orderUrl: string;
  authUrl: string;
  inventoryUrl: string;
  redisUrl: string;
}
