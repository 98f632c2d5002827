import { type Envelope, toAmqpMessage } from '@commlab/contracts';
import type { ConsumerDeserializer, IncomingEvent, ReadPacket, Serializer } from '@nestjs/microservices';

/**
 * An event to publish, the W3C trace headers of the hop (the relay's `send` span), if any, and headers of
 * the publish itself (e.g. `authorization`), if any.
 */
export interface RmqOutboundEvent {
  envelope: Envelope;
  traceHeaders?: Readonly<Record<string, string>> | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
}

/** What ClientRMQ takes from a serializer: it removes `options` and JSON-stringifies the rest. */
interface RmqWirePacket {
  options: Record<string, unknown>;
  toJSON(): unknown;
}

/**
 * Serializes `ClientRMQ.emit(routingKey, envelope)` in CloudEvents binary mode — the AMQP binding commlab
 * uses everywhere: the body is the event's `data` as JSON, the attributes travel as `cloudEvents_*`
 * headers, `messageId` = event id, `type` = event type, persistent. NestJS's default would wrap the body
 * as `{pattern, data}`, which only another NestJS app understands.
 */
export class CloudEventsRmqSerializer implements Serializer<ReadPacket<RmqOutboundEvent>, RmqWirePacket> {
  serialize(packet: ReadPacket<RmqOutboundEvent>): RmqWirePacket {
    const { envelope, traceHeaders, headers } = packet.data;
    const message = toAmqpMessage(envelope);
    return {
      options: {
        ...message.options,
        // A publish header never overrides the event's attributes or the hop's trace headers.
        headers: { ...headers, ...message.options.headers, ...traceHeaders },
        persistent: true,
        deliveryMode: 2,
      },
      // ClientRMQ sends Buffer.from(JSON.stringify(packet)): toJSON makes that the event's data.
      toJSON: () => envelope.data,
    };
  }
}

/**
 * The consuming side for NestJS's ServerRMQ: the pattern is the event type from the `cloudEvents_type`
 * header (or the AMQP `type` property), so `@EventPattern(ORDER_PLACED_V1)` routes it; every message is an
 * event (no reply). The handler re-reads the raw message from the context to validate it, so a body that
 * is not JSON still reaches it (and is dead-lettered there). Without a type the pattern is empty: NestJS
 * finds no handler and, with `noAck: false`, rejects it to the dead-letter exchange.
 */
export class CloudEventsRmqDeserializer implements ConsumerDeserializer {
  deserialize(value: unknown, options?: Record<string, unknown>): IncomingEvent {
    const properties = (options ?? {}) as { headers?: Record<string, unknown>; type?: unknown };
    const header = properties.headers?.cloudEvents_type;
    const type =
      typeof header === 'string' ? header : typeof properties.type === 'string' ? properties.type : '';
    return { pattern: type, data: value };
  }
}
