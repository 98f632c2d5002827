import type { PlaceOrderRequest, PlacementOutcome, PlacementView, TimelineEntry } from '../common/api';
import type { FeedLine } from '../common/feed';
import type { OrderState } from './order-client';
import type { ReceivedCallback } from './webhook-sink';

export interface QueueWaiting {
  at: number;
  queue: string;
  ready: number | null;
  consumers: number | null;
}

export interface LagWaiting {
  at: number;
  group: string;
  topic: string;
  /** The group's lag on `topic` (records not read yet) and its members; null when unknown. */
  lag: number | null;
  members: number | null;
}

/** How an order reached inventory: a sync call, or one of the two saga styles of an async order. */
type Flow = 'sync' | PlaceOrderRequest['saga'];

function flowOf(request: PlaceOrderRequest): Flow {
  return request.mode === 'sync' ? 'sync' : request.saga;
}

/** What the console knows of one order it placed: the request, the answer, and what came after. */
export interface PlacementFacts {
  id: string;
  request: PlaceOrderRequest;
  sentAt: number;
  correlationId: string;
  /** Whether the order carries a callbackUrl. */
  callbackRequested: boolean;
  response?: { status: number; at: number; body: unknown };
  /** order-service gave no answer at all (down, hung). */
  error?: { at: number; message: string };
  /** The latest GET /orders/{id} (async orders). */
  order?: OrderState;
  /** The feed lines about this order, in any order. */
  lines: FeedLine[];
  callbacks: ReceivedCallback[];
  /**
   * While an async order waits, where its opening message is, as the broker reports it: an orchestrated
   * order's command in a RabbitMQ queue, a choreographed one's OrderAccepted as its consumer group's lag.
   */
  waiting?: QueueWaiting | LagWaiting;
  /** When the console first saw an async order's final status (sync orders: their answer). */
  finalAt?: number;
}

/**
 * The feed is fire-and-forget and arrives on its own path: a line published before order-service
 * answered can reach the console after the answer. A timeline is only complete once the line that ends
 * it has been seen, or this long after its outcome was known (the line may never come: Redis down).
 */
export const FEED_GRACE_MS = 2_000;

type Draft = Omit<TimelineEntry, 'offsetMs'>;

const FINAL_CALLBACK = ['DELIVERED', 'FAILED', 'GONE'];

function text(line: FeedLine, field: string): string | undefined {
  const value = line[field];
  return typeof value === 'string' ? value : undefined;
}

function orderIdOf(facts: PlacementFacts): string | null {
  const body = facts.response?.body as { id?: unknown } | undefined;
  return typeof body?.id === 'string' ? body.id : null;
}

function errorCodeOf(body: unknown): string | undefined {
  const { code } = (body ?? {}) as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** inventory's reservation, as each flow reaches it. */
const RESERVED_STEP: Record<Flow, { title: string; transport?: string }> = {
  sync: { title: 'stock reserved' },
  orchestration: {
    title: 'ReserveStock command consumed: stock reserved, StockReserved → outbox',
    transport: 'RabbitMQ inventory.commands',
  },
  choreography: {
    title: 'OrderAccepted consumed (group inventory-order-events): stock reserved, StockReserved → outbox',
    transport: 'Kafka orders',
  },
};

/** One feed line as a timeline step, or undefined when it adds nothing. */
function lineEntry(line: FeedLine, flow: Flow, withCallbackView: boolean): Draft | undefined {
  const at = line.at;
  const ms = typeof line.ms === 'number' ? line.ms : undefined;
  const failed = line.ok === false;
  switch (line.event) {
    case 'call.completed': {
      const transport = text(line, 'transport') ?? '';
      const code = text(line, 'code');
      const toAuth = text(line, 'to') === 'auth-service';
      const title =
        line.local === true
          ? 'token verified locally with cached JWKS keys (no call)'
          : `${text(line, 'operation') ?? 'call'} → ${text(line, 'to') ?? '?'}`;
      return {
        at,
        actor: 'order-service',
        title,
        transport,
        ...(ms === undefined ? {} : { ms }),
        ...(failed && code !== undefined ? { detail: code } : {}),
        status: failed ? 'failed' : toAuth ? 'info' : 'ok',
      };
    }
    case 'stock.reserved':
      return {
        at,
        actor: 'inventory-service',
        ...RESERVED_STEP[flow],
        status: 'ok',
      };
    case 'stock.rejected':
      return {
        at,
        actor: 'inventory-service',
        title: `stock rejected: ${text(line, 'reason') ?? ''} ${text(line, 'skus') ?? ''}`.trim(),
        status: 'failed',
      };
    case 'order.placed':
      return {
        at,
        actor: 'order-service',
        title: 'order stored CONFIRMED; OrderPlaced + notification job → outbox',
        status: 'ok',
      };
    case 'order.accepted':
      return {
        at,
        actor: 'order-service',
        title:
          flow === 'choreography'
            ? 'order stored PENDING; OrderAccepted → outbox (no command: inventory reacts to the event)'
            : 'order stored PENDING; ReserveStock command → outbox',
        status: 'ok',
      };
    case 'order.confirmed':
    case 'order.rejected':
      return {
        at,
        actor: 'order-service',
        title: `inventory's answer read from Kafka: order ${line.event === 'order.confirmed' ? 'CONFIRMED' : 'REJECTED'}`,
        transport: 'Kafka inventory',
        status: line.event === 'order.confirmed' ? 'ok' : 'failed',
      };
    case 'notification.stored': {
      const template = text(line, 'template') ?? '';
      return {
        at,
        actor: 'notification-service',
        title: `notification stored (${template}, ${text(line, 'channel') ?? ''})`,
        transport: template === 'order-update' ? 'RabbitMQ commlab.events' : 'RabbitMQ notifications.send',
        status: 'info',
      };
    }
    case 'projection.updated':
      return {
        at,
        actor: 'reporting-service',
        title: `projection updated (${(text(line, 'type') ?? '').replace(/^commlab\./, '')})`,
        transport: 'Kafka',
        status: 'info',
      };
    case 'webhook.attempt': {
      if (withCallbackView) return undefined; // the order's own record has the same attempts, with durations
      const outcome = text(line, 'outcome') ?? '';
      return {
        at,
        actor: 'order-service',
        title: `webhook attempt ${String(line.attempt)}: ${outcome}${typeof line.statusCode === 'number' ? ` (${String(line.statusCode)})` : ''}`,
        transport: 'HTTP',
        status: outcome === 'delivered' ? 'ok' : 'failed',
      };
    }
    default:
      return undefined;
  }
}

function outcomeOf(facts: PlacementFacts): PlacementOutcome {
  if (facts.error !== undefined) return 'failed';
  const response = facts.response;
  if (response === undefined) return 'sending';
  if (response.status >= 400) return 'failed';
  if (facts.request.mode === 'sync') return 'confirmed';
  const status =
    facts.order?.status ??
    (facts.lines.some((line) => line.event === 'order.confirmed')
      ? 'CONFIRMED'
      : facts.lines.some((line) => line.event === 'order.rejected')
        ? 'REJECTED'
        : 'PENDING');
  return status === 'CONFIRMED' ? 'confirmed' : status === 'REJECTED' ? 'rejected' : 'pending';
}

/** Whether the feed line that closes this outcome arrived (then every earlier line of that publisher has too). */
function closingLineSeen(facts: PlacementFacts, outcome: PlacementOutcome): boolean {
  const seen = (event: string) => facts.lines.some((line) => line.event === event);
  switch (outcome) {
    case 'confirmed':
      return seen(facts.request.mode === 'sync' ? 'order.placed' : 'order.confirmed');
    case 'rejected':
      return seen('order.rejected');
    case 'failed':
      return facts.lines.some((line) => line.event === 'call.completed' && line.ok === false);
    default:
      return false;
  }
}

function feedSettled(facts: PlacementFacts, outcome: PlacementOutcome, now: number): boolean {
  if (closingLineSeen(facts, outcome)) return true;
  const finalAt =
    facts.finalAt ??
    (outcome === 'failed' || facts.request.mode === 'sync'
      ? (facts.response?.at ?? facts.error?.at)
      : undefined);
  return finalAt !== undefined && now - finalAt >= FEED_GRACE_MS;
}

function callbackSettled(facts: PlacementFacts): boolean {
  if (!facts.callbackRequested) return true;
  if (facts.callbacks.some((callback) => callback.valid)) return true;
  return FINAL_CALLBACK.includes(facts.order?.callback?.status ?? '');
}

function summaryOf(facts: PlacementFacts, outcome: PlacementOutcome, complete: boolean): string {
  if (facts.error !== undefined) return `no answer: ${facts.error.message}`;
  const response = facts.response;
  if (response === undefined) return 'sending…';
  const total = `${String(Math.round(response.at - facts.sentAt))} ms`;
  if (response.status >= 400)
    return `${String(response.status)} ${errorCodeOf(response.body) ?? ''} in ${total}`.replace('  ', ' ');
  if (facts.request.mode === 'sync') return `${String(response.status)} CONFIRMED in ${total}`;
  const final = outcome === 'confirmed' ? 'CONFIRMED' : outcome === 'rejected' ? 'REJECTED' : 'PENDING';
  if (outcome === 'pending') {
    const { waiting } = facts;
    const where =
      waiting === undefined
        ? ''
        : 'queue' in waiting
          ? `: the command waits in ${waiting.queue}`
          : `: OrderAccepted waits on Kafka ${waiting.topic}`;
    return `${String(response.status)} in ${total} → PENDING${where}`;
  }
  const settled = facts.lines.find(
    (line) => line.event === 'order.confirmed' || line.event === 'order.rejected',
  );
  const when =
    settled === undefined ? '' : ` at +${String(Math.round(Date.parse(settled.at) - facts.sentAt))} ms`;
  return `${String(response.status)} in ${total} → ${final}${when}${complete ? '' : ', callback on its way'}`;
}

/** What a pending async order waits for: its command in the queue, or its event on the topic. */
function waitingStep(waiting: QueueWaiting | LagWaiting): Draft {
  const at = new Date(waiting.at).toISOString();
  if ('queue' in waiting) {
    const { queue, ready, consumers } = waiting;
    const depth =
      ready === null ? 'queue not found' : `${String(ready)} ready, ${String(consumers ?? 0)} consumers`;
    return {
      at,
      actor: 'rabbitmq',
      title: `waiting: the ReserveStock command is in ${queue} (${depth})`,
      detail:
        consumers === 0
          ? 'inventory is not consuming; the message waits until it is back'
          : 'inventory has not answered yet',
      status: 'waiting',
    };
  }
  const { group, topic, lag, members } = waiting;
  const behind =
    lag === null ? 'lag unknown' : `lag ${String(lag)}, ${String(members ?? 0)} members in the group`;
  return {
    at,
    actor: 'kafka',
    title: `waiting: OrderAccepted is on ${topic}, not yet read by group ${group} (${behind})`,
    detail:
      members === 0
        ? 'inventory is not consuming; the event stays on the topic until it is back'
        : 'inventory has not answered yet',
    status: 'waiting',
  };
}

/** How an async order reaches inventory, per saga style (a sync one: over the chosen transport). */
const REACHES_INVENTORY: Partial<Record<Flow, string>> = {
  orchestration: 'orchestrated saga: a ReserveStock command over RabbitMQ',
  choreography: 'choreographed saga: OrderAccepted on Kafka, inventory reacts',
};

/** The timeline of one order placed from the console: every step seen so far, in time order. */
export function buildTimeline(facts: PlacementFacts, now: number = Date.now()): PlacementView {
  const async = facts.request.mode === 'async';
  const flow = flowOf(facts.request);
  const { quantity, sku, transport, auth } = facts.request;
  const drafts: Draft[] = [
    {
      at: new Date(facts.sentAt).toISOString(),
      actor: 'console',
      title: `POST /orders${flow === 'sync' ? '' : `?saga=${flow} with Prefer: respond-async`}`,
      detail: `${String(quantity)} × ${sku}, ${REACHES_INVENTORY[flow] ?? `inventory over ${transport}`}, token via ${auth}`,
      transport: 'HTTP',
      status: 'info',
    },
  ];
  const withCallbackView = facts.order?.callback !== undefined;
  for (const line of facts.lines) {
    const entry = lineEntry(line, flow, withCallbackView);
    if (entry !== undefined) drafts.push(entry);
  }
  if (facts.response !== undefined) {
    const { status, at, body } = facts.response;
    const code = errorCodeOf(body);
    const message = (body as { message?: unknown } | null)?.message;
    drafts.push({
      at: new Date(at).toISOString(),
      actor: 'order-service',
      title: `answered ${String(status)}${status === 202 ? ' Accepted (PENDING)' : status === 201 ? ' Created (CONFIRMED)' : code === undefined ? '' : ` ${code}`}`,
      ...(typeof message === 'string' && status >= 400 ? { detail: message } : {}),
      transport: 'HTTP',
      ms: Math.round(at - facts.sentAt),
      status: status >= 400 ? 'failed' : 'ok',
    });
  }
  if (facts.error !== undefined) {
    drafts.push({
      at: new Date(facts.error.at).toISOString(),
      actor: 'console',
      title: 'no answer from order-service',
      detail: facts.error.message,
      status: 'failed',
    });
  }
  for (const attempt of facts.order?.callback?.attempts ?? []) {
    drafts.push({
      at: attempt.at,
      actor: 'order-service',
      title: `webhook attempt ${String(attempt.attempt)}: ${attempt.outcome}${attempt.statusCode === null ? '' : ` (${String(attempt.statusCode)})`}`,
      transport: 'HTTP',
      ms: attempt.durationMs,
      status: attempt.outcome === 'delivered' ? 'ok' : 'failed',
    });
  }
  for (const callback of facts.callbacks) {
    drafts.push({
      at: new Date(callback.at).toISOString(),
      actor: 'console',
      title: callback.valid ? 'callback received, signature valid' : 'callback received, signature INVALID',
      ...(callback.reason === undefined ? {} : { detail: callback.reason }),
      transport: 'HTTP',
      status: callback.valid ? 'ok' : 'failed',
    });
  }
  const outcome = outcomeOf(facts);
  if (outcome === 'pending' && facts.waiting !== undefined) drafts.push(waitingStep(facts.waiting));
  const final = outcome === 'failed' || outcome === 'confirmed' || outcome === 'rejected';
  const complete =
    final && feedSettled(facts, outcome, now) && (!async || outcome === 'failed' || callbackSettled(facts));
  const entries = drafts
    .map((draft) => ({ ...draft, offsetMs: Math.max(0, Math.round(Date.parse(draft.at) - facts.sentAt)) }))
    .sort((a, b) => a.offsetMs - b.offsetMs);
  return {
    id: facts.id,
    request: facts.request,
    sentAt: new Date(facts.sentAt).toISOString(),
    correlationId: facts.correlationId,
    orderId: orderIdOf(facts),
    httpStatus: facts.response?.status ?? null,
    outcome,
    complete,
    summary: summaryOf(facts, outcome, complete),
    entries,
  };
}
