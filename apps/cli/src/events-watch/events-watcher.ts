import { fromAmqpMessage, RABBITMQ_EXCHANGES } from '@commlab/contracts';
import { assertExchanges, assertSubscriberQueue } from '@commlab/messaging-rabbitmq';
import amqp, { type ConsumeMessage } from 'amqplib';

/** One event as the watcher prints it. */
export interface WatchedEvent {
  routingKey: string;
  /** Whether the message was redelivered (it waited in the queue while the watcher was stopped, or was unacked). */
  redelivered: boolean;
  /** The CloudEvents type and id, and the data, when the message is a valid commlab event. */
  type?: string;
  id?: string;
  subject?: string;
  data?: unknown;
  /** Why the message is not a valid commlab event (it is still acked: a watcher only reads). */
  invalid?: string;
}

export interface EventsWatcherOptions {
  url: string;
  /** Routing-key patterns to bind, e.g. `order.*`, `#`. */
  patterns: readonly string[];
  /**
   * A durable queue of its own (kept while the watcher is stopped: what was published meanwhile waits),
   * or undefined for a server-named exclusive queue that disappears with the watcher.
   */
  queue?: string;
  onEvent: (event: WatchedEvent) => void;
}

export interface EventsWatcher {
  /** The queue consumed (the server-generated name for a transient watcher). */
  queue: string;
  close(): Promise<void>;
}

function describe(message: ConsumeMessage): WatchedEvent {
  const base = { routingKey: message.fields.routingKey, redelivered: message.fields.redelivered };
  const parsed = fromAmqpMessage(message);
  if (!parsed.ok) return { ...base, invalid: parsed.error.message };
  const { type, id, subject, data } = parsed.message;
  return { ...base, type, id, subject, data };
}

/**
 * A subscriber of `commlab.events` (publish-subscribe): its own queue bound with its own patterns gets a
 * copy of every matching event, next to notification-service's `notification.order-events`. Each
 * message is acked after `onEvent` ran. A durable watcher keeps its queue (and its dead-letter
 * companions) while it is stopped, so nothing published meanwhile is missed — unlike the Redis live feed.
 */
export async function startEventsWatcher(options: EventsWatcherOptions): Promise<EventsWatcher> {
  const connection = await amqp.connect(options.url);
  try {
    const channel = await connection.createChannel();
    await channel.prefetch(50);
    let queue: string;
    if (options.queue === undefined) {
      await assertExchanges(channel);
      ({ queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true }));
      for (const pattern of options.patterns) {
        await channel.bindQueue(queue, RABBITMQ_EXCHANGES.events, pattern);
      }
    } else {
      ({ queue } = await assertSubscriberQueue(channel, options.queue, options.patterns));
    }
    await channel.consume(queue, (message) => {
      if (message === null) return;
      options.onEvent(describe(message));
      channel.ack(message);
    });
    return {
      queue,
      close: async () => {
        await connection.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

/** One line per event: routing key, type, subject and the data as compact JSON. */
export function formatWatchedEvent(event: WatchedEvent): string {
  const again = event.redelivered ? ' (redelivered)' : '';
  if (event.invalid !== undefined)
    return `${event.routingKey}  not a commlab event: ${event.invalid}${again}`;
  return `${event.routingKey}  ${event.type ?? '?'}  ${event.subject ?? ''}  ${JSON.stringify(event.data)}${again}`;
}
