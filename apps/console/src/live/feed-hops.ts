import type { FeedLine } from '../common/feed';
import { type BrokerNode, type Hop, isServiceNode, type NodeId } from '../common/topology';

/** How long an order's earlier lines are remembered to time the async hops that follow them. */
const MEMORY_MS = 10 * 60_000;
const MAX_REMEMBERED = 5_000;

/** The broker each call transport goes through (gRPC and REST go direct). */
const CALL_VIA: Partial<Record<string, BrokerNode>> = { rmq: 'rabbitmq', kafka: 'kafka' };

const CALL_TRANSPORT: Record<string, string> = {
  grpc: 'gRPC',
  rest: 'REST',
  rmq: 'RabbitMQ RPC',
  kafka: 'Kafka request-reply',
};

/** Which order-service line caused each Kafka event reporting projects (`type` → the producer's event). */
const PROJECTED_FROM: Record<string, { producer: NodeId; cause: readonly string[] }> = {
  'commlab.order.placed.v1': { producer: 'order-service', cause: ['order.placed', 'order.accepted'] },
  'commlab.order.placed.v2': { producer: 'order-service', cause: ['order.placed', 'order.accepted'] },
  'commlab.order.confirmed.v1': { producer: 'order-service', cause: ['order.confirmed'] },
  'commlab.order.rejected.v1': { producer: 'order-service', cause: ['order.rejected'] },
  'commlab.stock.reserved.v1': { producer: 'inventory-service', cause: ['stock.reserved'] },
  'commlab.stock.rejected.v1': { producer: 'inventory-service', cause: ['stock.rejected'] },
  'commlab.stock.released.v1': { producer: 'inventory-service', cause: ['stock.released'] },
};

/** Remembered beside an order's events: its order.accepted said `saga: choreography`. */
const CHOREOGRAPHED = 'saga:choreography';

function text(line: FeedLine, field: string): string | undefined {
  const value = line[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the live feed as hops between nodes. A sync call is reported by its caller (`call.completed`,
 * with its duration); an async hop is inferred from two lines about the same order — the producer's and
 * then the consumer's — and timed as the gap between them (outbox, broker and consumer included).
 * Every line is also a hop of its own: the service published it to Redis.
 */
export class FeedInterpreter {
  /** order (= reservation) id → event → when it was seen, oldest first. */
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  hopsOf(line: FeedLine): Hop[] {
    const service = line.service;
    if (!isServiceNode(service)) return [];
    const at = Date.parse(line.at);
    const hops = this.interpret(line, service, Number.isNaN(at) ? this.now() : at);
    hops.push({ from: service, to: 'redis', transport: 'Redis pub/sub (live feed)', ok: true });
    return hops;
  }

  private interpret(line: FeedLine, service: NodeId, at: number): Hop[] {
    const orderId = text(line, 'orderId') ?? text(line, 'reservationId');
    switch (line.event) {
      case 'call.completed': {
        const transport = text(line, 'transport') ?? '?';
        const to = text(line, 'to') ?? '';
        if (line.local === true || !isServiceNode(to)) return [];
        const via = CALL_VIA[transport];
        return [
          {
            from: service,
            to,
            ...(via === undefined ? {} : { via }),
            transport: CALL_TRANSPORT[transport] ?? transport,
            ...(typeof line.ms === 'number' ? { ms: line.ms } : {}),
            ok: line.ok !== false,
          },
        ];
      }
      case 'user.logged-in':
      case 'user.registered':
        return [{ from: 'client', to: service, transport: 'HTTP', ok: true }];
      case 'order.placed':
      case 'order.accepted':
        this.remember(orderId, line.event, at);
        if (text(line, 'saga') === 'choreography') this.remember(orderId, CHOREOGRAPHED, at);
        return [{ from: 'client', to: service, transport: 'HTTP', ok: true }];
      case 'stock.reserved':
      case 'stock.rejected': {
        const accepted = this.recall(orderId, ['order.accepted']);
        const choreographed = this.recall(orderId, [CHOREOGRAPHED]) !== undefined;
        this.remember(orderId, line.event, at);
        // Sync reservations are reported by order-service's call.completed; this is the async saga's step.
        if (accepted === undefined) return [];
        return [
          {
            from: 'order-service',
            to: service,
            ...(choreographed
              ? {
                  via: 'kafka',
                  transport: 'Kafka event OrderAccepted (orders, group inventory-order-events)',
                }
              : { via: 'rabbitmq', transport: 'RabbitMQ command (inventory.commands)' }),
            ms: at - accepted,
            ok: true,
          },
        ];
      }
      case 'stock.released':
        this.remember(orderId, line.event, at);
        return [];
      case 'order.confirmed':
      case 'order.rejected': {
        const cause = this.recall(orderId, ['stock.reserved', 'stock.rejected']);
        this.remember(orderId, line.event, at);
        return [
          {
            from: 'inventory-service',
            to: service,
            via: 'kafka',
            transport: 'Kafka event (inventory)',
            ...(cause === undefined ? {} : { ms: at - cause }),
            ok: true,
          },
        ];
      }
      case 'notification.stored': {
        const cause = this.recall(orderId, [
          'order.placed',
          'order.accepted',
          'order.confirmed',
          'order.rejected',
        ]);
        const subscriber = text(line, 'template') === 'order-update';
        return [
          {
            from: 'order-service',
            to: service,
            via: 'rabbitmq',
            transport: subscriber
              ? 'RabbitMQ pub/sub (commlab.events)'
              : 'RabbitMQ work queue (notifications.send)',
            ...(cause === undefined ? {} : { ms: at - cause }),
            ok: true,
          },
        ];
      }
      case 'projection.updated': {
        const type = text(line, 'type') ?? '';
        const origin = PROJECTED_FROM[type];
        if (origin === undefined) return [];
        const cause = this.recall(text(line, 'subject'), origin.cause);
        return [
          {
            from: origin.producer,
            to: service,
            via: 'kafka',
            transport: `Kafka event (${origin.producer === 'order-service' ? 'orders' : 'inventory'})`,
            ...(cause === undefined ? {} : { ms: at - cause }),
            ok: true,
          },
        ];
      }
      case 'webhook.attempt':
        return [
          {
            from: service,
            to: 'client',
            transport: 'HTTP webhook',
            ok: text(line, 'outcome') === 'delivered',
          },
        ];
      case 'dead-letter.stored':
        return [{ from: 'rabbitmq', to: service, transport: 'RabbitMQ dead letter (.dlq)', ok: false }];
      case 'dead-letter.redriven':
        return [{ from: service, to: 'rabbitmq', transport: 'RabbitMQ redrive', ok: true }];
      default:
        return [];
    }
  }

  private remember(id: string | undefined, event: string, at: number): void {
    if (id === undefined) return;
    let events = this.seen.get(id);
    if (events === undefined) {
      events = new Map();
      this.seen.set(id, events);
    }
    events.set(event, at);
    this.forgetOld();
  }

  /** The latest time one of `events` was seen for `id`. */
  private recall(id: string | undefined, events: readonly string[]): number | undefined {
    const known = id === undefined ? undefined : this.seen.get(id);
    if (known === undefined) return undefined;
    const times = events.flatMap((event) => {
      const at = known.get(event);
      return at === undefined ? [] : [at];
    });
    return times.length === 0 ? undefined : Math.max(...times);
  }

  private forgetOld(): void {
    const horizon = this.now() - MEMORY_MS;
    for (const [id, events] of this.seen) {
      const newest = Math.max(...events.values());
      if (this.seen.size <= MAX_REMEMBERED && newest >= horizon) break;
      this.seen.delete(id);
    }
  }
}
