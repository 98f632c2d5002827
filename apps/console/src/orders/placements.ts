import { randomUUID } from 'node:crypto';

import { AppError } from '@commlab/errors';
import { KAFKA_CONSUMER_GROUPS, KAFKA_TOPICS, RABBITMQ_QUEUES } from '@commlab/contracts';

import type { RecentFeed } from '../live/recent-feed';
import type { PlaceOrderRequest, PlacementView } from '../common/api';
import type { FeedLine } from '../common/feed';
import type { OrderClient } from './order-client';
import { buildTimeline, type PlacementFacts } from './timeline';
import type { WebhookSink } from './webhook-sink';

const MAX_PLACEMENTS = 100;
/** How often one timeline may re-read its order from order-service. */
const ORDER_REFRESH_MS = 800;
/** An async order still PENDING this long gets a look at where its command (or event) waits. */
const WAITING_AFTER_MS = 1_500;

export interface PlacementsOptions {
  client: OrderClient;
  recent: RecentFeed;
  webhooks: WebhookSink;
  /** The callback URL async orders carry when the form asks for one; undefined = none possible here. */
  callbackUrl: () => string | undefined;
  /** Ready messages and consumers of a RabbitMQ queue (null when it does not exist or RabbitMQ is down). */
  queueDepth: (queue: string) => Promise<{ ready: number | null; consumers: number | null }>;
  /** A consumer group's lag on a topic and its members (null when unknown: Kafka not read yet, or down). */
  groupLag: (group: string, topic: string) => Promise<{ lag: number | null; members: number | null }>;
}

interface Placement {
  facts: PlacementFacts;
  orderReadAt: number;
}

function idsOf(line: FeedLine): string[] {
  return ['orderId', 'reservationId', 'subject'].flatMap((field) => {
    const value = line[field];
    return typeof value === 'string' ? [value] : [];
  });
}

/**
 * The orders placed from the console's form and what was seen of each: order-service's answer, the
 * feed lines about it (by correlation id until the order id is known, then by order id), its state and
 * callback attempts (async), the callbacks the console received, and — while it waits — the queue.
 */
export class Placements {
  private readonly placements = new Map<string, Placement>();

  constructor(private readonly options: PlacementsOptions) {}

  /** Sends the order and waits for order-service's answer (or its absence); the timeline keeps growing. */
  async place(request: PlaceOrderRequest): Promise<PlacementView> {
    const callbackUrl = this.options.callbackUrl();
    const callbackRequested = request.mode === 'async' && request.callback && callbackUrl !== undefined;
    const facts: PlacementFacts = {
      id: randomUUID(),
      request,
      sentAt: Date.now(),
      correlationId: `console-${randomUUID()}`,
      callbackRequested,
      lines: [],
      callbacks: [],
    };
    this.placements.set(facts.id, { facts, orderReadAt: 0 });
    this.forgetOld();
    try {
      const token = await this.options.client.login(request.user);
      facts.sentAt = Date.now();
      const answer = await this.options.client.place(
        request,
        token,
        facts.correlationId,
        callbackRequested ? callbackUrl : undefined,
      );
      facts.response = { status: answer.status, at: Date.now(), body: answer.body };
      const orderId = (answer.body as { id?: unknown } | null)?.id;
      if (typeof orderId === 'string') {
        // Lines about the order that arrived before its id was known (inventory's, say).
        const known = new Set(facts.lines);
        for (const { line } of this.options.recent.filter((item) => idsOf(item.line).includes(orderId)))
          if (!known.has(line)) facts.lines.push(line);
      }
    } catch (error) {
      // callService names the service and why it did not answer (an AppError); anything else as it is.
      const message = error instanceof Error ? error.message : String(error);
      facts.error = { at: Date.now(), message };
    }
    return this.view(facts.id);
  }

  /** Attaches a feed line to the placements it is about. */
  observe(line: FeedLine): void {
    const ids = idsOf(line);
    for (const { facts } of this.placements.values()) {
      const orderId = (facts.response?.body as { id?: unknown } | undefined)?.id;
      if (
        line.correlationId === facts.correlationId ||
        (typeof orderId === 'string' && ids.includes(orderId))
      )
        facts.lines.push(line);
    }
  }

  /** The timeline now; an async order still in flight is re-read from order-service first. */
  async view(id: string): Promise<PlacementView> {
    const placement = this.placements.get(id);
    if (placement === undefined) {
      throw new AppError({
        code: 'PLACEMENT_NOT_FOUND',
        kind: 'not_found',
        message: `no order ${id} was placed from this console (it keeps the last ${String(MAX_PLACEMENTS)})`,
      });
    }
    const { facts } = placement;
    const current = buildTimeline(facts);
    const final = current.outcome === 'confirmed' || current.outcome === 'rejected';
    if (facts.finalAt === undefined && facts.request.mode === 'async' && final) facts.finalAt = Date.now();
    if (current.complete || current.orderId === null || facts.request.mode === 'sync') return current;
    const now = Date.now();
    if (now - placement.orderReadAt >= ORDER_REFRESH_MS) {
      placement.orderReadAt = now;
      try {
        facts.order = await this.options.client.order(facts.request.user, current.orderId);
      } catch {
        // order-service is down: the timeline shows what the feed saw
      }
      facts.callbacks = this.options.webhooks.of(current.orderId);
      const stillPending = buildTimeline(facts).outcome === 'pending';
      if (stillPending && now - facts.sentAt >= WAITING_AFTER_MS) {
        facts.waiting = await this.whereItWaits(facts.request, now);
      } else if (!stillPending) {
        delete facts.waiting;
      }
    }
    return buildTimeline(facts);
  }

  /** An orchestrated order's command waits in inventory.commands; a choreographed one's event on orders. */
  private async whereItWaits(request: PlaceOrderRequest, at: number): Promise<PlacementFacts['waiting']> {
    if (request.saga === 'choreography') {
      const group = KAFKA_CONSUMER_GROUPS.inventoryOrderEvents;
      const topic = KAFKA_TOPICS.orders;
      return { at, group, topic, ...(await this.options.groupLag(group, topic)) };
    }
    const queue = RABBITMQ_QUEUES.inventoryCommands;
    return { at, queue, ...(await this.options.queueDepth(queue)) };
  }

  private forgetOld(): void {
    while (this.placements.size > MAX_PLACEMENTS) {
      const oldest = this.placements.keys().next().value;
      if (oldest === undefined) return;
      this.placements.delete(oldest);
    }
  }
}
