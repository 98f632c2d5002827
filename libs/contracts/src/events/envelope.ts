import { randomUUID } from 'node:crypto';

import { z } from 'zod';

/**
 * The CloudEvents 1.0 context attributes commlab puts on every message, plus three extensions:
 * `correlationid` (the business flow, e.g. one order end to end), `causationid` (the id of the message
 * or request that caused this one) and the distributed-tracing extension's W3C `traceparent` and
 * `tracestate`: the trace context the message was CREATED in (the transaction that wrote it), which every
 * hop carries unchanged — each hop's own context travels in the transport's W3C headers. Attribute names
 * are lowercase, as CloudEvents requires for extensions. The payload sits in `data`.
 */
export const SPEC_VERSION = '1.0';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const envelopeAttributesSchema = z.strictObject({
  specversion: z.literal(SPEC_VERSION),
  id: z.string().min(1).max(128),
  source: z.string().min(1).max(256),
  type: z
    .string()
    .regex(/^commlab\.[a-z-]+\.[a-z-]+\.v\d+$/, 'a versioned type such as commlab.order.placed.v1'),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1).max(256),
  datacontenttype: z.literal('application/json').optional(),
  correlationid: z.string().min(1).max(128),
  causationid: z.string().min(1).max(128),
  traceparent: z.string().regex(TRACEPARENT, 'a W3C traceparent: 00-<32 hex>-<16 hex>-<2 hex>').optional(),
  tracestate: z.string().max(512).optional(),
});

export type EnvelopeAttributes = z.infer<typeof envelopeAttributesSchema>;

/** A message as it travels in structured mode: the attributes and the payload in one JSON object. */
export interface Envelope<Type extends string = string, Data = unknown> extends EnvelopeAttributes {
  type: Type;
  data: Data;
}

/** The attribute names, in a fixed order (header helpers walk this list). */
export const ENVELOPE_ATTRIBUTES = Object.keys(
  envelopeAttributesSchema.shape,
) as (keyof EnvelopeAttributes)[];

export interface CreateEnvelopeInput<Type extends string, Data> {
  type: Type;
  /** Producing service, as a URI reference: `/commlab/order-service`. */
  source: string;
  /** The aggregate the message is about (order id, SKU, reservation id); also the Kafka key. */
  subject: string;
  data: Data;
  /** The flow this message belongs to; a new flow starts with a new id. */
  correlationId?: string;
  /** The message or request that caused this one; defaults to the correlation id. */
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
  id?: string;
  time?: Date;
}

/**
 * Builds an envelope with a fresh id and the current time. It does not validate `data`:
 * producers build typed data, and `parseMessage` checks every message at the consuming boundary.
 */
export function createEnvelope<Type extends string, Data>(
  input: CreateEnvelopeInput<Type, Data>,
): Envelope<Type, Data> {
  const id = input.id ?? randomUUID();
  const correlationid = input.correlationId ?? id;
  return {
    specversion: SPEC_VERSION,
    id,
    source: input.source,
    type: input.type,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    datacontenttype: 'application/json',
    correlationid,
    causationid: input.causationId ?? correlationid,
    ...(input.traceparent === undefined ? {} : { traceparent: input.traceparent }),
    ...(input.tracestate === undefined ? {} : { tracestate: input.tracestate }),
    data: input.data,
  };
}
