import type { EnvelopeAttributes } from '@commlab/contracts';
import { type Attributes, SpanKind, trace } from '@opentelemetry/api';

import { type MessageFacts, messageAttributes, MESSAGING_ATTRIBUTES } from './messaging-attributes';
import { inSpan, linkTo, restoreTraceContext, type StoredTraceContext } from './trace-context';

/**
 * How a consumer's work relates to the trace that sent the message (the OpenTelemetry messaging
 * conventions): `child` — a command, a job, a reply: the work continues the sender's trace; `link` — one
 * subscriber among several of an event (fan-out): the work is a trace of its own, linked to where the
 * message was created, so one order's trace does not grow a branch per subscriber.
 */
export type TraceRelation = 'child' | 'link';

/** A message as a consumer received it: what it is, and the trace context it was created in. */
export interface ReceivedMessageFacts extends MessageFacts {
  /** The CloudEvents `traceparent` / `tracestate` extensions: the context the message was created in. */
  creation: StoredTraceContext;
}

/** The facts of a received message from its (unvalidated) envelope attributes, e.g. broker headers. */
export function receivedMessageFacts(
  attributes: Partial<Record<keyof EnvelopeAttributes, string>>,
): ReceivedMessageFacts {
  return {
    id: attributes.id,
    type: attributes.type,
    subject: attributes.subject,
    correlationId: attributes.correlationid,
    creation: {
      ...(attributes.traceparent === undefined ? {} : { traceparent: attributes.traceparent }),
      ...(attributes.tracestate === undefined ? {} : { tracestate: attributes.tracestate }),
    },
  };
}

export interface ConsumerTraceOptions {
  relation: TraceRelation;
  system: 'kafka' | 'rabbitmq';
  /** Topic or queue the message was consumed from. */
  destination: string;
  /** Consumer group or queue consumer name. */
  consumer: string;
  /** More attributes of the delivery (e.g. whether the broker redelivered it). */
  attributes?: Attributes;
}

/**
 * Runs a consumer's `work` in the right trace. The broker instrumentation (kafkajs, amqplib) has already
 * opened a `process` span from the message's W3C headers when it delivered the message:
 * - `child`: that span is the parent — it gets the message's attributes, the work runs under it. When no
 *   span is active (the message came another way), a `process` span under the creation context stands in.
 * - `link`: a new root `process` span, linked to the creation context and to the delivery span.
 */
export async function inConsumerTrace<T>(
  message: ReceivedMessageFacts,
  options: ConsumerTraceOptions,
  work: () => Promise<T>,
): Promise<T> {
  const attributes = {
    ...messageAttributes(message),
    [MESSAGING_ATTRIBUTES.system]: options.system,
    [MESSAGING_ATTRIBUTES.destination]: options.destination,
    [MESSAGING_ATTRIBUTES.consumerGroup]: options.consumer,
    [MESSAGING_ATTRIBUTES.operationType]: 'process',
    [MESSAGING_ATTRIBUTES.operationName]: 'process',
    ...options.attributes,
  };
  const name = `process ${options.destination}`;
  const delivery = trace.getActiveSpan();
  if (options.relation === 'child') {
    if (delivery?.isRecording() === true) {
      delivery.setAttributes(attributes);
      return work();
    }
    return inSpan(name, { kind: SpanKind.CONSUMER, attributes }, work, restoreTraceContext(message.creation));
  }
  const deliveryContext = delivery?.spanContext();
  const links = [
    ...linkTo(message.creation, { 'commlab.link': 'message creation' }),
    ...(deliveryContext !== undefined && trace.isSpanContextValid(deliveryContext)
      ? [{ context: deliveryContext, attributes: { 'commlab.link': 'delivery' } }]
      : []),
  ];
  return inSpan(name, { kind: SpanKind.CONSUMER, root: true, links, attributes }, work);
}
