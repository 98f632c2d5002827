export {
  IN_MEMORY_DATA_DIR,
  type InventoryConfig,
  inventoryConfigSchema,
  shouldSeedDemoData,
} from './config/inventory.config';
export { DEMO_CATALOG } from './catalog/demo-catalog';
export type { CatalogSeedItem, StockEvent, StockEventType, StockLevel } from './stock/stock.types';
export { applyStockEvent, replayStock, type StockState } from './stock/stock-state';
export {
  type RunningInventoryService,
  startInventoryService,
  type StartInventoryServiceOptions,
} from './start-inventory-service';
