import { BENCH_SKUS, MIN_STOCK_FOR_A_RUN } from './bench-catalog';
import { httpRequest, jsonBody } from './http-request';

/** A top-up brings a SKU to this many units: a few runs' worth above the minimum. */
export const TOP_UP_TARGET = 5 * MIN_STOCK_FOR_A_RUN;

/** inventory's limit on one adjustment (`POST /stock/{sku}/adjustments`, `received`). */
export const MAX_UNITS_PER_ADJUSTMENT = 1_000_000;

/**
 * The `received` adjustments that bring `available` to TOP_UP_TARGET, each within inventory's per-
 * adjustment limit; none when the SKU already holds MIN_STOCK_FOR_A_RUN. Pure.
 */
export function topUpPlan(available: number): number[] {
  if (available >= MIN_STOCK_FOR_A_RUN) return [];
  const plan: number[] = [];
  for (let missing = TOP_UP_TARGET - Math.max(0, available); missing > 0; missing -= MAX_UNITS_PER_ADJUSTMENT)
    plan.push(Math.min(missing, MAX_UNITS_PER_ADJUSTMENT));
  return plan;
}

async function readAvailable(inventoryHttpUrl: string, sku: string): Promise<number> {
  const answer = await httpRequest(new URL(`/stock/${encodeURIComponent(sku)}`, inventoryHttpUrl), {
    method: 'GET',
  }).catch((error: unknown) => {
    throw new Error(`inventory-service unreachable at ${inventoryHttpUrl} (${String(error)})`, {
      cause: error,
    });
  });
  const available = (jsonBody(answer) as { available?: unknown } | undefined)?.available;
  if (answer.status !== 200 || typeof available !== 'number')
    throw new Error(`GET /stock/${sku} at ${inventoryHttpUrl}: HTTP ${String(answer.status)}`);
  return available;
}

/**
 * Makes sure every bench SKU holds at least MIN_STOCK_FOR_A_RUN units, so a run measures reservations,
 * not OUT_OF_STOCK refusals: a SKU below it (e.g. compose's or `pnpm start`'s demo catalog: 100 mugs,
 * 50 tees) is topped up through inventory's stock-adjustment API (`received`, with a reason), with a
 * service token holding `stock:adjust` — the way an operator restocks, visible in the SKU's event stream.
 */
export async function ensureBenchStock(
  inventoryHttpUrl: string,
  adjustToken: () => Promise<string>,
  log: (line: string) => void,
): Promise<void> {
  for (const sku of BENCH_SKUS) {
    const plan = topUpPlan(await readAvailable(inventoryHttpUrl, sku));
    if (plan.length === 0) continue;
    const token = await adjustToken();
    for (const quantity of plan) {
      const url = new URL(`/stock/${encodeURIComponent(sku)}/adjustments`, inventoryHttpUrl);
      const answer = await httpRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'received', quantity, reason: 'pnpm bench: top-up before a run' }),
      });
      if (answer.status !== 201 && answer.status !== 200)
        throw new Error(
          `topping up ${sku} at ${inventoryHttpUrl}: HTTP ${String(answer.status)} ${answer.body.toString('utf8')}`,
        );
    }
    const total = plan.reduce((sum, units) => sum + units, 0);
    log(`topped up ${sku}: +${String(total)} units (${String(plan.length)} received adjustment(s))`);
  }
}
