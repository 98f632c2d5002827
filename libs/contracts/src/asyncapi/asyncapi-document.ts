import { z } from 'zod';

import { envelopeAttributesSchema } from '../events/envelope';
import {
  type ConsumerSource,
  LIVE_FEED_FLOW,
  MESSAGE_CONSUMERS,
  MESSAGE_PRODUCERS,
} from '../events/message-flows';
import { MESSAGE_DATA_SCHEMAS, MESSAGE_TYPES, type MessageType } from '../events/message-registry';
import { type MessageDestination, MESSAGE_ROUTES } from '../events/message-routes';
import {
  AMQP_HEADER_PREFIX,
  CONTENT_TYPE_HEADER,
  KAFKA_HEADER_PREFIX,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
} from '../events/transport-headers';
import { TYPED_LIVE_FEED_LINES } from '../live/live-feed-lines';
import { KAFKA_TOPIC_PARTITIONS, type KafkaTopic } from '../names/kafka';
import { PORTS } from '../names/ports';
import { RABBITMQ_EXCHANGES, RABBITMQ_SUBSCRIPTIONS } from '../names/rabbitmq';
import { type JsonObject, jsonSchemaOf } from './json-schema';

/**
 * The AsyncAPI 3.0 description of commlab's asynchronous messages, built from this package's data and
 * nothing else: channels from the names (Kafka topics, RabbitMQ exchange and queues, the Redis channel),
 * messages from the zod schemas (zod's own JSON Schema output), headers from the CloudEvents binary-mode
 * bindings of transport-headers.ts, operations from message-routes.ts (senders) and message-flows.ts
 * (receivers). `pnpm asyncapi:generate` writes it to libs/contracts/asyncapi/commlab.asyncapi.json;
 * `pnpm asyncapi:check` fails when that file is stale. Deterministic: same code, same document.
 */

export const ASYNCAPI_VERSION = '3.0.0';

/** One line of the live feed (libs/messaging's LiveFeedLine): flat scalars only. */
export const liveFeedLineSchema = z
  .object({
    service: z.string().min(1).describe('The service that posted the line.'),
    event: z.string().min(1).describe('What happened, e.g. `notification.stored`.'),
    at: z.iso.datetime({ offset: true }).describe('When the line was published.'),
    traceId: z.string().optional().describe('The trace of the work that posted it, when tracing is on.'),
  })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** `stock.contention` → `live-stock-contention`: the component key of a typed live-feed line. */
function liveLineKey(event: string): string {
  return `live-${event.replace(/\./g, '-')}`;
}

type Transport = 'kafka' | 'amqp';

const SERVERS = { kafka: 'kafka', rabbitmq: 'rabbitmq', redis: 'redis' } as const;

/** `commlab.order.placed.v1` → `order-placed-v1`: a component key. */
export function messageKey(type: string): string {
  return type.replace(/^commlab\./, '').replace(/\./g, '-');
}

function idOf(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

function ref(path: string): JsonObject {
  return { $ref: path };
}

/** The envelope attributes as the binary-mode headers of one transport (datacontenttype → content-type). */
function cloudEventsHeaders(prefix: string, transportName: string): JsonObject {
  const attributes = jsonSchemaOf(envelopeAttributesSchema);
  const properties = attributes.properties as JsonObject;
  const required = new Set(attributes.required as string[]);
  const headerProperties: JsonObject = {};
  const headerRequired: string[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    const header = name === 'datacontenttype' ? CONTENT_TYPE_HEADER : `${prefix}${name}`;
    headerProperties[header] = {
      ...(schema as JsonObject),
      description:
        name === 'datacontenttype'
          ? 'The CloudEvents `datacontenttype` attribute.'
          : `The CloudEvents \`${name}\` attribute.`,
    };
    if (required.has(name)) headerRequired.push(header);
  }
  headerProperties[TRACEPARENT_HEADER] = {
    type: 'string',
    description:
      "W3C trace context of this hop (OpenTelemetry's propagator); not an event attribute. The trace the " +
      `message was created in travels in \`${prefix}traceparent\`.`,
  };
  headerProperties[TRACESTATE_HEADER] = { type: 'string', description: 'W3C tracestate of this hop.' };
  return {
    type: 'object',
    description:
      `CloudEvents 1.0 binary mode on ${transportName}: every envelope attribute is a \`${prefix}\` header ` +
      "(`datacontenttype` is `content-type`); the body is the envelope's `data`. Other headers may be " +
      'present (retry bookkeeping, dead-letter reasons).',
    properties: headerProperties,
    required: headerRequired,
  };
}

function channelIdOfDestination(destination: MessageDestination): string {
  switch (destination.transport) {
    case 'kafka':
      return idOf(`kafka-${destination.topic}`);
    case 'rabbitmq':
      return idOf(`amqp-exchange-${destination.exchange}`);
    case 'rabbitmq-queue':
      return idOf(`amqp-queue-${destination.queue}`);
  }
}

function channelIdOfSource(source: ConsumerSource): string {
  return source.transport === 'kafka' ? idOf(`kafka-${source.topic}`) : idOf(`amqp-queue-${source.queue}`);
}

function messageComponentKey(type: MessageType, transport: Transport): string {
  return `${messageKey(type)}-${transport}`;
}

interface ChannelDraft {
  address: string;
  transport: Transport;
  description: string;
  bindings: JsonObject;
  types: MessageType[];
}

function addType(draft: { types: MessageType[] }, type: MessageType): void {
  if (!draft.types.includes(type)) draft.types.push(type);
}

function channelOfDestination(destination: MessageDestination): ChannelDraft {
  switch (destination.transport) {
    case 'kafka':
      return {
        address: destination.topic,
        transport: 'kafka',
        description: `Kafka topic \`${destination.topic}\`; record key = the envelope's \`subject\`.`,
        bindings: {
          kafka: {
            topic: destination.topic,
            ...(Object.hasOwn(KAFKA_TOPIC_PARTITIONS, destination.topic)
              ? { partitions: KAFKA_TOPIC_PARTITIONS[destination.topic as KafkaTopic] }
              : {}),
            bindingVersion: '0.5.0',
          },
        },
        types: [],
      };
    case 'rabbitmq':
      return {
        address: destination.exchange,
        transport: 'amqp',
        description:
          `RabbitMQ topic exchange \`${destination.exchange}\` (durable): domain events, routing key ` +
          '`<aggregate>.<past-tense verb>`; each subscriber queue gets its own copy.',
        bindings: {
          amqp: {
            is: 'routingKey',
            exchange: {
              name: destination.exchange,
              type: 'topic',
              durable: true,
              autoDelete: false,
              vhost: '/',
            },
            bindingVersion: '0.3.0',
          },
        },
        types: [],
      };
    case 'rabbitmq-queue':
      return queueChannel(destination.queue);
  }
}

function queueChannel(queue: string): ChannelDraft {
  const subscription = Object.values(RABBITMQ_SUBSCRIPTIONS).find((s) => s.queue === queue);
  return {
    address: queue,
    transport: 'amqp',
    description:
      subscription === undefined
        ? `RabbitMQ work queue \`${queue}\` (durable; competing consumers; retry and dead-letter companions ` +
          `\`${queue}.retry\`, \`${queue}.dlq\`). Published through the default exchange, routing key = queue name.`
        : `RabbitMQ subscriber queue \`${queue}\` (durable), bound to \`${RABBITMQ_EXCHANGES.events}\` with ` +
          `${subscription.patterns.map((p) => `\`${p}\``).join(', ')}; retry and dead-letter companions ` +
          `\`${queue}.retry\`, \`${queue}.dlq\`.`,
    bindings: {
      amqp: {
        is: 'queue',
        queue: { name: queue, durable: true, exclusive: false, autoDelete: false, vhost: '/' },
        bindingVersion: '0.3.0',
      },
    },
    types: [],
  };
}

interface OperationDraft {
  action: 'send' | 'receive';
  service: string;
  channelId: string;
  types: MessageType[];
  routingKeys: string[];
  bindings?: JsonObject;
  description: string;
}

export interface AsyncApiDocumentOptions {
  /** `info.version`: the contracts package version. */
  version: string;
}

/** The whole AsyncAPI 3.0 document, as plain JSON. */
export function buildAsyncApiDocument(options: AsyncApiDocumentOptions): JsonObject {
  // Channels: every destination of the routing table, then every consumer source (subscriber queues).
  const channels = new Map<string, ChannelDraft>();
  const channelFor = (id: string, create: () => ChannelDraft): ChannelDraft => {
    const existing = channels.get(id);
    if (existing !== undefined) return existing;
    const created = create();
    channels.set(id, created);
    return created;
  };
  const operations: OperationDraft[] = [];
  const sendOperation = (service: string, channelId: string): OperationDraft => {
    const found = operations.find(
      (op) => op.action === 'send' && op.service === service && op.channelId === channelId,
    );
    if (found !== undefined) return found;
    const created: OperationDraft = {
      action: 'send',
      service,
      channelId,
      types: [],
      routingKeys: [],
      description: `${service} publishes through its transactional outbox (one row per destination).`,
    };
    operations.push(created);
    return created;
  };

  for (const type of MESSAGE_TYPES) {
    for (const destination of MESSAGE_ROUTES[type] as readonly MessageDestination[]) {
      const channelId = channelIdOfDestination(destination);
      addType(
        channelFor(channelId, () => channelOfDestination(destination)),
        type,
      );
      const operation = sendOperation(MESSAGE_PRODUCERS[type], channelId);
      addType(operation, type);
      if (destination.transport !== 'kafka') {
        // AMQP: the routing keys it publishes with (a queue's name, through the default exchange).
        const routingKey = destination.transport === 'rabbitmq' ? destination.routingKey : destination.queue;
        if (!operation.routingKeys.includes(routingKey)) operation.routingKeys.push(routingKey);
      }
    }
  }

  for (const consumer of MESSAGE_CONSUMERS) {
    const channelId = channelIdOfSource(consumer.source);
    const { source } = consumer;
    const channel = channelFor(channelId, () =>
      source.transport === 'kafka'
        ? channelOfDestination({ transport: 'kafka', topic: source.topic })
        : queueChannel(source.queue),
    );
    for (const type of consumer.handles) addType(channel, type);
    operations.push({
      action: 'receive',
      service: consumer.service,
      channelId,
      types: [...consumer.handles],
      routingKeys: [],
      description:
        source.transport === 'kafka'
          ? `${consumer.service} consumes \`${source.topic}\` in consumer group \`${source.group}\`.`
          : `${consumer.service} consumes \`${source.queue}\` (manual ack; failures retried, then dead-lettered).`,
      bindings:
        source.transport === 'kafka'
          ? { kafka: { groupId: { type: 'string', enum: [source.group] }, bindingVersion: '0.5.0' } }
          : { amqp: { ack: true, bindingVersion: '0.3.0' } },
    });
  }

  // Components: data schemas, header schemas, one message per (type, transport), correlation ids.
  const schemas: JsonObject = {
    'kafka-cloudevents-headers': cloudEventsHeaders(KAFKA_HEADER_PREFIX, 'Kafka'),
    'amqp-cloudevents-headers': cloudEventsHeaders(AMQP_HEADER_PREFIX, 'AMQP 0-9-1'),
    'live-feed-line': jsonSchemaOf(liveFeedLineSchema),
  };
  for (const line of TYPED_LIVE_FEED_LINES) {
    schemas[liveLineKey(line.event)] = jsonSchemaOf(
      liveFeedLineSchema.extend({ event: z.literal(line.event) }).extend(line.fields.shape),
    );
  }
  for (const type of MESSAGE_TYPES) schemas[messageKey(type)] = jsonSchemaOf(MESSAGE_DATA_SCHEMAS[type]);

  const usedMessages = new Set<string>();
  for (const channel of channels.values()) {
    for (const type of channel.types) usedMessages.add(messageComponentKey(type, channel.transport));
  }
  const messages: JsonObject = {};
  for (const type of MESSAGE_TYPES) {
    for (const transport of ['kafka', 'amqp'] as const) {
      const key = messageComponentKey(type, transport);
      if (!usedMessages.has(key)) continue;
      const prefix = transport === 'kafka' ? KAFKA_HEADER_PREFIX : AMQP_HEADER_PREFIX;
      messages[key] = {
        name: type,
        title: `${type} (${transport === 'kafka' ? 'Kafka' : 'AMQP'})`,
        summary: `Published by ${MESSAGE_PRODUCERS[type]}.`,
        contentType: 'application/json',
        headers: {
          allOf: [
            ref(`#/components/schemas/${transport}-cloudevents-headers`),
            { type: 'object', properties: { [`${prefix}type`]: { type: 'string', const: type } } },
          ],
        },
        payload: ref(`#/components/schemas/${messageKey(type)}`),
        correlationId: ref(`#/components/correlationIds/${transport}-correlation-id`),
        bindings:
          transport === 'kafka'
            ? {
                kafka: {
                  key: {
                    type: 'string',
                    description: "The envelope's `subject` (keeps one aggregate in order).",
                  },
                  bindingVersion: '0.5.0',
                },
              }
            : { amqp: { messageType: type, bindingVersion: '0.3.0' } },
      };
    }
  }
  messages['live-feed-line'] = {
    name: 'live-feed-line',
    title: 'Live feed line',
    summary: 'Which service did what, when: one flat JSON object, fire-and-forget.',
    contentType: 'application/json',
    payload: ref('#/components/schemas/live-feed-line'),
  };
  for (const line of TYPED_LIVE_FEED_LINES) {
    messages[liveLineKey(line.event)] = {
      name: line.event,
      title: line.title,
      summary: `${line.summary} Posted by ${line.publisher}.`,
      contentType: 'application/json',
      payload: ref(`#/components/schemas/${liveLineKey(line.event)}`),
    };
  }

  const channelsJson: JsonObject = {};
  for (const [id, channel] of channels) {
    const channelMessages: JsonObject = {};
    for (const type of channel.types) {
      const key = messageComponentKey(type, channel.transport);
      channelMessages[key] = ref(`#/components/messages/${key}`);
    }
    channelsJson[id] = {
      address: channel.address,
      description: channel.description,
      servers: [ref(`#/servers/${channel.transport === 'kafka' ? SERVERS.kafka : SERVERS.rabbitmq}`)],
      messages: channelMessages,
      bindings: channel.bindings,
    };
  }
  const liveChannelId = idOf(`redis-${LIVE_FEED_FLOW.channel}`);
  channelsJson[liveChannelId] = {
    address: LIVE_FEED_FLOW.channel,
    description:
      'Redis Pub/Sub live activity feed: fire-and-forget, a subscriber that is down misses what is published; ' +
      'lines are dropped, never queued, while Redis is down.',
    servers: [ref(`#/servers/${SERVERS.redis}`)],
    messages: Object.fromEntries(
      ['live-feed-line', ...TYPED_LIVE_FEED_LINES.map((line) => liveLineKey(line.event))].map((key) => [
        key,
        ref(`#/components/messages/${key}`),
      ]),
    ),
  };
  const liveMessages = (keys: readonly string[]) =>
    keys.map((key) => ref(`#/channels/${liveChannelId}/messages/${key}`));

  const operationsJson: JsonObject = {};
  for (const operation of operations) {
    const channel = channels.get(operation.channelId);
    if (channel === undefined) throw new Error(`no channel ${operation.channelId}`);
    const verb = operation.action === 'send' ? 'sends-to' : 'receives-from';
    operationsJson[`${operation.service}-${verb}-${operation.channelId}`] = {
      action: operation.action,
      channel: ref(`#/channels/${operation.channelId}`),
      description: operation.description,
      tags: [{ name: operation.service }],
      messages: operation.types.map((type) =>
        ref(`#/channels/${operation.channelId}/messages/${messageComponentKey(type, channel.transport)}`),
      ),
      ...(operation.bindings === undefined ? {} : { bindings: operation.bindings }),
      ...(operation.routingKeys.length === 0
        ? {}
        : { bindings: { amqp: { cc: operation.routingKeys, deliveryMode: 2, bindingVersion: '0.3.0' } } }),
    };
  }
  for (const service of LIVE_FEED_FLOW.publishers) {
    operationsJson[`${service}-sends-to-${liveChannelId}`] = {
      action: 'send',
      channel: ref(`#/channels/${liveChannelId}`),
      tags: [{ name: service }],
      messages: liveMessages([
        'live-feed-line',
        ...TYPED_LIVE_FEED_LINES.filter((line) => line.publisher === service).map((line) =>
          liveLineKey(line.event),
        ),
      ]),
    };
  }
  for (const service of LIVE_FEED_FLOW.subscribers) {
    operationsJson[`${service}-receives-from-${liveChannelId}`] = {
      action: 'receive',
      channel: ref(`#/channels/${liveChannelId}`),
      tags: [{ name: service }],
      messages: liveMessages([
        'live-feed-line',
        ...TYPED_LIVE_FEED_LINES.map((line) => liveLineKey(line.event)),
      ]),
    };
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    id: 'urn:commlab:events',
    info: {
      title: 'commlab events',
      version: options.version,
      description:
        "commlab's asynchronous messages, generated from libs/contracts (do not edit: run " +
        '`pnpm asyncapi:generate`). Envelope messages are CloudEvents 1.0 in binary mode: the attributes ' +
        'travel as headers (`ce_` on Kafka, `cloudEvents_` on AMQP), the body is `data` as JSON. ' +
        'Request-reply ReserveStock (Kafka `inventory.reserve-stock`, RabbitMQ `inventory.rpc`) and gRPC ' +
        'are described by the .proto files, not here.',
    },
    defaultContentType: 'application/json',
    servers: {
      [SERVERS.kafka]: {
        host: `localhost:${String(PORTS.kafka)}`,
        protocol: 'kafka',
        description: 'Kafka (kafka-lite under `pnpm start`, Apache Kafka in compose).',
      },
      [SERVERS.rabbitmq]: {
        host: `localhost:${String(PORTS.rabbitmq)}`,
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'RabbitMQ.',
      },
      [SERVERS.redis]: {
        host: `localhost:${String(PORTS.redis)}`,
        protocol: 'redis',
        description: 'Redis (Pub/Sub only here).',
      },
    },
    channels: channelsJson,
    operations: operationsJson,
    components: {
      schemas,
      messages,
      correlationIds: {
        'kafka-correlation-id': {
          description: "The envelope's `correlationid`: one business flow (an order) end to end.",
          location: `$message.header#/${KAFKA_HEADER_PREFIX}correlationid`,
        },
        'amqp-correlation-id': {
          description: "The envelope's `correlationid`: one business flow (an order) end to end.",
          location: `$message.header#/${AMQP_HEADER_PREFIX}correlationid`,
        },
      },
    },
  };
}
