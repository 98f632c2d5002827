import { setTimeout as sleep } from 'node:timers/promises';

import { KAFKA_TOPICS, STOCK_REJECTED_V1, STOCK_RELEASED_V1, STOCK_RESERVED_V1 } from '@commlab/contracts';
import { waitFor } from '@commlab/testing';

import { header, readTopic, type TopicReader } from '../../inventory-service/test/support/topic-reader';
import type { RunningOrderService } from '../src';
import type { AsyncOrderBody } from './support/async-order-api';
import { type Backend, login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(180_000);

const ORDERS = 30;
const SKU = 'mug-red';

/**
 * Cancellation racing completion: 30 async orders, each cancelled while its ReserveStock command may
 * still wait in `inventory.commands`, be reserved at that very moment, or already be CONFIRMED. Whatever
 * wins each race, every order ends CANCELLED, inventory holds none of their stock and released none twice.
 * Real auth, inventory and order services, RabbitMQ (own vhost), kafka-lite; PGlite, and PostgreSQL where
 * inventory's command and cancellation consumers really run at the same time.
 */
describe.each<Backend>(['pglite', 'postgres'])(
  'cancelling async orders while they complete (%s)',
  (backend) => {
    let stack: SyncStack;
    let order: RunningOrderService;
    let alice: string;
    let inventoryTopic: TopicReader;

    beforeAll(async () => {
      stack = await startSyncStack(backend);
      await stack.order.close();
      order = await stack.startOrder({ KAFKA_CONSUMER_MAX_WAIT_MS: '50' });
      alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
      inventoryTopic = await readTopic(stack.kafka.bootstrap, KAFKA_TOPICS.inventory);
    }, 120_000);

    afterAll(async () => {
      await inventoryTopic.stop();
      await stack.stop();
    });

    async function available(): Promise<number> {
      const response = await fetch(`${stack.inventory.httpUrl}/stock/${SKU}`);
      return ((await response.json()) as { available: number }).available;
    }

    async function call(
      method: 'GET' | 'POST',
      path: string,
      headers: Record<string, string> = {},
      body?: unknown,
    ) {
      const response = await fetch(`${order.httpUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${alice}`, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as AsyncOrderBody };
    }

    /** inventory's answers about one order on Kafka `inventory` (keyed by reservation id = order id). */
    const answersAbout = (orderId: string) =>
      inventoryTopic.withKey(orderId).map((message) => header(message, 'ce_type'));

    it('every order ends CANCELLED, no stock held for any, none released twice', async () => {
      const before = await available();
      // Each order is cancelled 0–580 ms after it was accepted: around the time its completion happens.
      const results = await Promise.all(
        Array.from({ length: ORDERS }, async (_, index) => {
          const placed = await call(
            'POST',
            '/orders',
            { 'content-type': 'application/json', prefer: 'respond-async' },
            { items: [{ sku: SKU, quantity: 1 }] },
          );
          expect(placed.status).toBe(202);
          await sleep((index % 30) * 20);
          const cancelled = await call('POST', `/orders/${placed.body.id}/cancel`);
          return { id: placed.body.id, cancelled };
        }),
      );
      // PENDING and CONFIRMED can both be cancelled: every cancellation succeeds, whichever it met.
      for (const { id, cancelled } of results) {
        expect([id, cancelled.status, cancelled.body.status]).toEqual([id, 200, 'CANCELLED']);
      }
      const ids = results.map(({ id }) => id);

      // inventory answered every ReserveStock: refused (the cancellation came first) or reserved and then
      // released by the cancellation; and its reservations table holds none of them active.
      await waitFor(
        () =>
          ids.every((id) => {
            const answers = answersAbout(id);
            return answers.includes(STOCK_REJECTED_V1) || answers.includes(STOCK_RELEASED_V1);
          }) || undefined,
        { timeoutMs: 60_000, description: 'an answer from inventory about every order' },
      );
      await sleep(1_500); // a duplicate answer or a second release would arrive meanwhile
      for (const id of ids) {
        const answers = answersAbout(id);
        expect([id, answers]).toEqual([
          id,
          answers.includes(STOCK_REJECTED_V1) ? [STOCK_REJECTED_V1] : [STOCK_RESERVED_V1, STOCK_RELEASED_V1],
        ]);
      }
      const { rows } = await stack.inventory.database.query<{ reservation_id: string; status: string }>(
        'SELECT reservation_id, status FROM reservations WHERE reservation_id = ANY($1::text[])',
        [ids],
      );
      expect(rows).toHaveLength(ORDERS);
      expect(rows.filter((row) => row.status === 'active')).toEqual([]);
      expect(await available()).toBe(before);

      // order-service consumed every answer meanwhile and let none move a CANCELLED order.
      for (const id of ids) {
        const current = await call('GET', `/orders/${id}`);
        expect([id, current.body.status]).toEqual([id, 'CANCELLED']);
      }
    });
  },
);
