import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { benchResultsDir } from './support/bench-fixtures';
import { launchChromium } from './support/browser';
import { type ConsoleStack, startConsoleStack } from './support/console-stack';

jest.setTimeout(8 * 60_000);

/** The axe-core result parts read here. */
interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

// The few browser globals the page functions below touch (the repo's Node tsconfig has no DOM types).
declare const document: {
  activeElement: { textContent: string | null; id: string; getAttribute(name: string): string | null } | null;
  documentElement: { scrollWidth: number };
  querySelector(selector: string): unknown;
};
declare const window: { innerWidth: number; axe: { run(context: unknown): Promise<AxeResults> } };
declare function getComputedStyle(element: unknown): { borderTopColor: string };

/** Screenshots of every view: test artifacts (gitignored); the best ones are copied to docs/images. */
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');

/** Each view, and what shows that it has loaded its data. */
const VIEWS: { path: string; name: string; ready: string }[] = [
  { path: '/', name: 'topology', ready: '.graph-node[data-node="order-service"][data-health="up"]' },
  { path: '/order', name: 'order', ready: 'form[aria-label="place an order"]' },
  { path: '/queues', name: 'queues', ready: 'table.queues tr[data-queue="notifications.send"]' },
  { path: '/kafka', name: 'kafka', ready: '[data-group="reporting"]' },
  { path: '/event-sourcing', name: 'event-sourcing', ready: 'table.events tbody tr' },
  { path: '/faults', name: 'faults', ready: 'table.stack tr[data-service="inventory-service"]' },
  { path: '/benchmarks', name: 'benchmarks', ready: 'table.bench tbody tr' },
];

let stack: ConsoleStack | undefined;
let browser: Browser | undefined;
let benchDir: string;
const problems: string[] = [];

/** The console of the stack started in beforeAll. */
function consoleUrl(): string {
  if (stack === undefined) throw new Error('the stack did not start (see beforeAll)');
  return stack.url;
}

function newContext(options: { viewport: { width: number; height: number } }): Promise<BrowserContext> {
  if (browser === undefined) throw new Error('Chromium did not start (see beforeAll)');
  return browser.newContext(options);
}

/** A page that records every console error and uncaught exception into `problems`. */
async function watchedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: uncaught: ${error.message}`));
  return page;
}

/**
 * Opens a view and waits for `ready` to be visible. React Flow shows a topology node only once it has
 * measured it; a headless page Chromium renders no frame for is never measured, so the page is brought to
 * the front, and loaded again (at most three times) when its view stays hidden.
 */
async function openView(page: Page, path: string, ready: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await page.goto(`${consoleUrl()}${path}`);
    await page.bringToFront();
    try {
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

function timeline(page: Page, caption: string) {
  return page.locator(`section.timeline[aria-label="${caption}"]`);
}

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  benchDir = benchResultsDir();
  // A short retry policy, so a failing notification reaches its dead-letter queue in about a second.
  stack = await startConsoleStack({
    BENCH_RESULTS_DIR: benchDir,
    NOTIFICATION_MAX_ATTEMPTS: '2',
    NOTIFICATION_RETRY_BASE_MS: '200',
    NOTIFICATION_RETRY_MAX_MS: '400',
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
  rmSync(benchDir, { recursive: true, force: true });
}, 120_000);

afterEach(() => {
  expect(problems).toEqual([]);
  problems.length = 0;
});

describe('the commlab console in Chromium', () => {
  it('loads every view without a console error, at 1280×800 and in a phone-sized window', async () => {
    for (const viewport of [
      { width: 1280, height: 800, label: '1280' },
      { width: 390, height: 844, label: 'phone' },
    ]) {
      const context = await newContext({ viewport });
      const page = await watchedPage(context);
      for (const view of VIEWS) {
        await openView(page, view.path, view.ready);
        await expect(page.locator('main h1').textContent()).resolves.toBeTruthy();
        // Nothing spins forever: after a short while no view still says it is loading.
        await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, null, {
          timeout: 15_000,
        });
        // Readable: the page is no wider than the window (tables and the graph scroll inside it).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ view: view.name, viewport: viewport.label, overflow }).toEqual({
          view: view.name,
          viewport: viewport.label,
          overflow: 0,
        });
        await page.screenshot({
          path: join(ARTIFACTS, `${view.name}-${viewport.label}.png`),
          fullPage: true,
        });
      }
      await context.close();
    }
  });

  it('is keyboard-usable: a skip link first, then the views by Tab and Enter', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context);
    await openView(page, '/', VIEWS[0]?.ready ?? 'main');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the view');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Place an order');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${consoleUrl()}/order`);
    // After a navigation the view itself has the focus (a screen reader starts reading it).
    await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 5_000 });
    // The form works from the keyboard: Tab reaches the first radio group, Space picks, Enter submits.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('mode');
    await context.close();
  });

  it('links the events contract: the AsyncAPI page, from the navigation', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context);
    await openView(page, '/', VIEWS[0]?.ready ?? 'main');
    await page.getByRole('link', { name: 'Events (AsyncAPI)' }).click();
    await page.waitForURL(`${consoleUrl()}/asyncapi`);
    await expect(page.locator('h1').textContent()).resolves.toContain('commlab');
    await expect(page.getByText('commlab.order.placed.v2').first().isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('places a sync, an async and a choreographed order through the form, and shows their timelines complete', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context);
    await openView(page, '/order', VIEWS[1]?.ready ?? 'form');

    await page.getByRole('button', { name: 'Place sync order' }).click();
    const sync = timeline(page, 'Latest order');
    await sync.and(page.locator('[data-complete="true"]')).waitFor({ timeout: 30_000 });
    await expect(sync.getAttribute('data-outcome')).resolves.toBe('confirmed');
    await expect(sync.getAttribute('data-http-status')).resolves.toBe('201');
    await expect(sync.textContent()).resolves.toContain('ReserveStock → inventory-service');

    await page.getByRole('button', { name: 'Pin to compare with the next order' }).click();
    await page.getByRole('radio', { name: 'async' }).check();
    await page.getByRole('radio', { name: 'jwks' }).check();
    await page.getByRole('button', { name: 'Place async order' }).click();
    const latest = timeline(page, 'Latest order');
    await latest
      .and(page.locator('[data-http-status="202"][data-complete="true"]'))
      .waitFor({ timeout: 60_000 });
    await expect(latest.getAttribute('data-outcome')).resolves.toBe('confirmed');
    const steps = (await latest.textContent()) ?? '';
    expect(steps).toContain('ReserveStock command consumed');
    expect(steps).toContain("inventory's answer read from Kafka: order CONFIRMED");
    expect(steps).toContain('callback received, signature valid');
    expect(steps).toContain('token verified locally with cached JWKS keys');
    const pinned = timeline(page, 'Pinned order');
    await expect(pinned.getAttribute('data-complete')).resolves.toBe('true');
    await expect(pinned.getAttribute('data-http-status')).resolves.toBe('201');
    await page.screenshot({ path: join(ARTIFACTS, 'order-compare-1280.png'), fullPage: true });

    // The same async order as a choreographed saga: no command, inventory reacts to OrderAccepted on Kafka.
    await page.getByRole('button', { name: 'Pin to compare with the next order' }).click();
    await page.getByRole('radio', { name: 'choreography' }).check();
    await page.getByRole('button', { name: 'Place async order' }).click();
    // The previous async order is complete too: wait for the timeline of this one.
    await latest
      .filter({ hasText: 'saga: choreography' })
      .and(page.locator('[data-http-status="202"][data-complete="true"]'))
      .waitFor({ timeout: 60_000 });
    await expect(latest.getAttribute('data-outcome')).resolves.toBe('confirmed');
    const choreographed = (await latest.textContent()) ?? '';
    expect(choreographed).toContain('saga: choreography');
    expect(choreographed).toContain('POST /orders?saga=choreography with Prefer: respond-async');
    expect(choreographed).toContain('OrderAccepted → outbox (no command: inventory reacts to the event)');
    expect(choreographed).toContain('OrderAccepted consumed (group inventory-order-events): stock reserved');
    expect(choreographed).toContain("inventory's answer read from Kafka: order CONFIRMED");
    expect(choreographed).toContain('callback received, signature valid');
    expect(choreographed).not.toContain('ReserveStock command');
    await expect(pinned.textContent()).resolves.toContain('saga: orchestration');
    await page.screenshot({ path: join(ARTIFACTS, 'order-sagas-1280.png'), fullPage: true });

    // The topology lit the routes those orders took, with a rate and a median latency.
    await openView(page, '/', VIEWS[0]?.ready ?? 'main');
    await page.locator('table.hops td', { hasText: 'RabbitMQ command (inventory.commands)' }).waitFor();
    await page.locator('table.hops td', { hasText: 'Kafka event OrderAccepted' }).waitFor();
    await page
      .locator('.edge-label', { hasText: /gRPC \d+\/min · [\d.]+ ms/ })
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'topology-traffic-1280.png'), fullPage: true });
    await context.close();
  });

  it('stopping inventory in the faults view turns its node red; a sync order then gets 503 while an async one waits', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context);
    await openView(page, '/faults', VIEWS[5]?.ready ?? 'main');
    await page.getByRole('button', { name: 'stop inventory-service' }).click();
    await page
      .locator('tr[data-service="inventory-service"][data-state="stopped"]')
      .waitFor({ timeout: 30_000 });

    await page.getByRole('link', { name: 'Topology' }).click();
    const node = page.locator('.graph-node[data-node="inventory-service"]');
    await page
      .locator('.graph-node[data-node="inventory-service"][data-health="stopped"]')
      .waitFor({ timeout: 10_000 });
    await expect(node.getAttribute('class')).resolves.toContain('tone-bad');
    const border = await node.evaluate((element) => getComputedStyle(element).borderTopColor);
    expect(border).toBe('rgb(164, 22, 26)'); // --bad
    await page.screenshot({ path: join(ARTIFACTS, 'topology-inventory-stopped-1280.png'), fullPage: true });

    await page.getByRole('link', { name: 'Faults' }).click();
    await page.getByRole('button', { name: 'Place a sync order' }).click();
    const sync = timeline(page, 'Sync order');
    await sync.and(page.locator('[data-complete="true"]')).waitFor({ timeout: 30_000 });
    await expect(sync.getAttribute('data-http-status')).resolves.toBe('503');
    await expect(sync.textContent()).resolves.toContain('INVENTORY_UNAVAILABLE');

    await page.getByRole('button', { name: 'Place an async order' }).click();
    const async = timeline(page, 'Async order');
    await async
      .locator('.step.status-waiting', { hasText: 'inventory.commands' })
      .waitFor({ timeout: 30_000 });
    await expect(async.getAttribute('data-http-status')).resolves.toBe('202');
    await expect(async.getAttribute('data-outcome')).resolves.toBe('pending');
    await expect(async.textContent()).resolves.toContain('0 consumers');
    await page.screenshot({ path: join(ARTIFACTS, 'faults-outage-1280.png'), fullPage: true });

    // Inventory back: the command waiting in the queue is consumed and the async order completes by itself.
    await page.getByRole('button', { name: 'start inventory-service' }).click();
    await page
      .locator('tr[data-service="inventory-service"][data-state="running"]')
      .waitFor({ timeout: 150_000 });
    await async.and(page.locator('[data-complete="true"]')).waitFor({ timeout: 60_000 });
    await expect(async.getAttribute('data-outcome')).resolves.toBe('confirmed');
    await context.close();
  });

  it('redrive empties the dead-letter list', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context);
    await openView(page, '/faults', VIEWS[5]?.ready ?? 'main');
    await page.getByRole('button', { name: 'Make notifications fail' }).click();
    await page.getByRole('button', { name: 'Heal notifications' }).waitFor({ timeout: 150_000 });
    // An async order (RabbitMQ in, Kafka out): right after inventory's restart order-service's gRPC channel
    // may still be in its reconnect backoff, which a sync order would meet as a 503 (and send no job).
    await page.getByRole('button', { name: 'Place an async order' }).click();
    const order = timeline(page, 'Async order');
    await order.and(page.locator('[data-complete="true"]')).waitFor({ timeout: 60_000 });
    await expect(order.getAttribute('data-outcome')).resolves.toBe('confirmed');

    await page.getByRole('link', { name: 'Queues & dead letters' }).click();
    const letters = page.locator('table.dead-letters');
    await letters.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      const read = (path: string) => fetch(`${consoleUrl()}${path}`).then((response) => response.text());
      throw new Error(
        `no dead letter shown: ${String(error)}\n/api/dead-letters: ${await read('/api/dead-letters')}\n` +
          `/api/stack: ${await read('/api/stack')}\nnotification-service log:\n${stack?.logTail('notification-service') ?? ''}`,
      );
    });
    await expect(letters.textContent()).resolves.toContain('NOTIFICATION_SEND_FAILED');
    await page.screenshot({ path: join(ARTIFACTS, 'queues-dead-letters-1280.png'), fullPage: true });

    await page.getByRole('link', { name: 'Faults' }).click();
    await page.getByRole('button', { name: 'Heal notifications' }).click();
    await page.getByRole('button', { name: 'Make notifications fail' }).waitFor({ timeout: 150_000 });

    await page.getByRole('link', { name: 'Queues & dead letters' }).click();
    await page.getByRole('button', { name: /^Redrive all \d+$/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /\d+ sent back to their queue/ })
      .waitFor({ timeout: 30_000 });
    await page.getByText('No dead letters.').waitFor({ timeout: 15_000 });
    await expect(page.locator('table.dead-letters').count()).resolves.toBe(0);
    await context.close();
  });

  it('an accessibility scan (axe-core) finds no serious or critical violation in any view', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context);
    const found: string[] = [];
    for (const view of VIEWS) {
      await openView(page, view.path, view.ready);
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document);
        return result.violations.map(({ id, impact, nodes }) => ({
          id,
          impact,
          targets: nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
        }));
      });
      for (const violation of violations.filter(
        ({ impact }) => impact === 'serious' || impact === 'critical',
      ))
        found.push(
          `${view.name}: ${violation.id} (${String(violation.impact)}) at ${violation.targets.join(', ')}`,
        );
    }
    expect(found).toEqual([]);
    await context.close();
  });
});
