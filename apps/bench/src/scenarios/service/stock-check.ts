import { BENCH_CATALOG, MIN_STOCK_FOR_A_RUN } from './bench-catalog';
import { httpRequest, jsonBody } from './http-request';

/**
 * Reads `GET /stock/{sku}` of the bench's SKUs and throws, naming the SKU, when one holds fewer than
 * MIN_STOCK_FOR_A_RUN units (e.g. compose's demo catalog: 100 mugs, 50 tees) — a run would soon measure
 * OUT_OF_STOCK refusals instead of reservations.
 */
export async function checkBenchStock(inventoryHttpUrl: string): Promise<void> {
  for (const { sku } of BENCH_CATALOG) {
    const answer = await httpRequest(new URL(`/stock/${encodeURIComponent(sku)}`, inventoryHttpUrl), {
      method: 'GET',
    }).catch((error: unknown) => {
      throw new Error(`inventory-service unreachable at ${inventoryHttpUrl} (${String(error)})`, {
        cause: error,
      });
    });
    const available = (jsonBody(answer) as { available?: unknown } | undefined)?.available;
    if (answer.status !== 200 || typeof available !== 'number')
      throw new Error(`GET /stock/${sku} at ${inventoryHttpUrl}: HTTP ${answer.status}`);
    if (available < MIN_STOCK_FOR_A_RUN)
      throw new Error(
        `inventory at ${inventoryHttpUrl} has ${available} ${sku}; a bench run needs at least ` +
          `${MIN_STOCK_FOR_A_RUN} (use --target local, which seeds its own inventory)`,
      );
  }
}
