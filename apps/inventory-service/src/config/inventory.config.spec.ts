import { ConfigError, loadConfig } from '@commlab/config';

import { inventoryConfigSchema, shouldSeedDemoData } from './inventory.config';

describe('inventory config', () => {
  it('defaults to the contract ports, loopback and a PGlite directory', () => {
    const config = loadConfig(inventoryConfigSchema, {});
    expect(config).toMatchObject({
      INVENTORY_HTTP_PORT: 3002,
      INVENTORY_GRPC_PORT: 50052,
      BIND_HOST: '127.0.0.1',
      INVENTORY_DATA_DIR: '.data/inventory-service',
    });
    expect(config.SEED_DEMO_DATA).toBeUndefined();
  });

  it('seeds demo data by default only in development; SEED_DEMO_DATA overrides', () => {
    const seed = (env: Record<string, string>) => shouldSeedDemoData(loadConfig(inventoryConfigSchema, env));
    expect(seed({})).toBe(true);
    expect(seed({ COMMLAB_ENV: 'production' })).toBe(false);
    expect(seed({ COMMLAB_ENV: 'test' })).toBe(false);
    expect(seed({ COMMLAB_ENV: 'test', SEED_DEMO_DATA: 'yes' })).toBe(true);
    expect(seed({ COMMLAB_ENV: 'development', SEED_DEMO_DATA: 'FALSE' })).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadConfig(inventoryConfigSchema, { INVENTORY_HTTP_PORT: 'http', SEED_DEMO_DATA: 'maybe' }),
    ).toThrow(ConfigError);
    try {
      loadConfig(inventoryConfigSchema, { INVENTORY_HTTP_PORT: 'http', SEED_DEMO_DATA: 'maybe' });
    } catch (error) {
      expect((error as ConfigError).message).toContain('INVENTORY_HTTP_PORT: expected a TCP port');
      expect((error as ConfigError).message).toContain('SEED_DEMO_DATA: expected a boolean');
    }
  });
});
