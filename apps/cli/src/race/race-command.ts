import { loadConfig } from '@commlab/config';

import { setUpCommand } from '../common/command-setup';
import type { CommandIo } from '../start/command-io';
import { ContentionFeed } from './contention-feed';
import { parseRaceArgs, RACE_USAGE, type RaceArgs, RaceUsageError } from './race-args';
import { logIn, placeRaceOrder, RaceStackError, readAvailable } from './race-http';
import { raceSettingsSchema, type RaceTarget } from './race-settings';
import { confirmedUnitsOf, formatRaceReport, summarizeRace } from './race-summary';

export { RACE_USAGE } from './race-args';

const HOW_TO_START = 'Is the stack running? (pnpm start)';
/** How long async orders may stay PENDING after the last order was sent (then: an error). */
const SETTLE_MS = 60_000;
/** Lines published just before the last answer may still be on their way through Redis. */
const FEED_GRACE_MS = 500;
/**
 * How long to wait for order-service to release the reservations of sync orders it gave up on (its
 * deadline passed while inventory was still retrying): it retries a release for about a minute.
 */
const RELEASE_SETTLE_MS = 30_000;
const SETTLE_POLL_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function race(io: CommandIo, args: RaceArgs, target: RaceTarget): Promise<number> {
  const { sku, quantity, transports } = args;
  const token = await logIn(target.authUrl);
  const stockBefore = await readAvailable(target.inventoryUrl, sku);
  if (stockBefore === undefined) {
    io.err(`commlab race: unknown SKU ${JSON.stringify(sku)} at ${target.inventoryUrl}`);
    return 2;
  }
  const feed = await ContentionFeed.open(target.redisUrl);
  if (typeof feed === 'string')
    io.err(
      `commlab race: the live feed at ${target.redisUrl} cannot be read (${feed}): conflicts will show as ?`,
    );
  io.err(
    `commlab race: ${String(stockBefore)} ${sku} available; firing ${String(args.orders)} orders of ` +
      `${String(quantity)} over ${transports.join(', ')}`,
  );
  const started = Date.now();
  const order = { orderUrl: target.orderUrl, token, sku, quantity, settleBy: started + SETTLE_MS };
  let outcomes;
  try {
    outcomes = await Promise.all(
      Array.from({ length: args.orders }, (_, index) =>
        placeRaceOrder(order, transports[index % transports.length] ?? 'grpc'),
      ),
    );
  } finally {
    if (typeof feed !== 'string') await sleep(FEED_GRACE_MS);
  }
  const elapsedMs = Date.now() - started;
  const stockAtLastAnswer = (await readAvailable(target.inventoryUrl, sku)) ?? 0;
  // An order that failed may have reserved all the same; order-service then releases it, a little later.
  const expected = stockBefore - confirmedUnitsOf(outcomes, quantity);
  const mayBeHeld = outcomes.some((outcome) => outcome.kind === 'error');
  const settleStarted = Date.now();
  let stockAfter = stockAtLastAnswer;
  while (mayBeHeld && stockAfter < expected && Date.now() - settleStarted < RELEASE_SETTLE_MS) {
    await sleep(SETTLE_POLL_MS);
    stockAfter = (await readAvailable(target.inventoryUrl, sku)) ?? 0;
  }
  const contention = typeof feed === 'string' ? undefined : feed.lines();
  if (typeof feed !== 'string') feed.close();
  const summary = summarizeRace({
    sku,
    quantity,
    outcomes,
    stockBefore,
    stockAtLastAnswer,
    stockAfter,
    settledMs: Date.now() - settleStarted,
    contention,
    elapsedMs,
  });
  for (const line of formatRaceReport(summary)) io.out(line);
  return summary.balanced ? 0 : 1;
}

/**
 * `pnpm race <sku> <n>`: n concurrent orders for one SKU over the chosen transports against a running
 * stack; prints what became of them, the version conflicts inventory retried on the way, and whether
 * the stock went down by exactly what was confirmed (exit 1 if not).
 */
export async function raceCommand(io: CommandIo, argv: readonly string[]): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'race',
    usage: RACE_USAGE,
    usageError: RaceUsageError,
    parse: () => parseRaceArgs(argv),
    settings: (args): RaceTarget => {
      const config = loadConfig(raceSettingsSchema);
      return {
        orderUrl: args.baseUrl ?? config.ORDER_HTTP_URL.replace(/\/+$/, ''),
        authUrl: config.AUTH_HTTP_URL.replace(/\/+$/, ''),
        inventoryUrl: config.INVENTORY_HTTP_URL.replace(/\/+$/, ''),
        redisUrl: config.REDIS_URL,
      };
    },
  });
  if (typeof setUp === 'number') return setUp;
  try {
    return await race(io, setUp.args, setUp.settings);
  } catch (error) {
    if (!(error instanceof RaceStackError)) throw error;
    io.err(`commlab race: ${error.message}. ${HOW_TO_START}`);
    return 1;
  }
}
