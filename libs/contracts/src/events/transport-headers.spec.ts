import { createEnvelope } from './envelope';
import { MESSAGE_TYPES } from './message-registry';
import { ORDER_PLACED_V1 } from './order-placed/order-placed.v1';
import { fromAmqpMessage, fromKafkaRecord, toAmqpMessage, toKafkaRecord } from './transport-headers';
import { sampleMessages } from './testing/sample-messages';

const samples = sampleMessages();

describe('envelope over transport headers', () => {
  it.each(MESSAGE_TYPES)('%s round-trips through Kafka-style headers', (type) => {
    const record = toKafkaRecord(samples[type]);
    expect(record.key).toBe(samples[type].subject);
    expect(record.headers).toMatchObject({
      ce_id: samples[type].id,
      ce_type: type,
      'content-type': 'application/json',
    });
    // The tracing extension is an attribute like the others; the W3C header is left to the hop.
    expect(record.headers.ce_traceparent).toBe(samples[type].traceparent);
    expect(record.headers.traceparent).toBeUndefined();
    // kafkajs hands headers back to consumers as Buffers.
    const received = {
      value: record.value,
      headers: Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)])),
    };
    expect(fromKafkaRecord(received)).toEqual({ ok: true, message: samples[type], ignoredFields: [] });
  });

  it.each(MESSAGE_TYPES)('%s round-trips through AMQP-style headers', (type) => {
    const amqp = toAmqpMessage(samples[type]);
    expect(amqp.options).toMatchObject({
      messageId: samples[type].id,
      type,
      contentType: 'application/json',
    });
    expect(amqp.options.headers.cloudEvents_correlationid).toBe('corr-1');
    expect(fromAmqpMessage({ content: amqp.content, properties: { headers: amqp.options.headers } })).toEqual(
      {
        ok: true,
        message: samples[type],
        ignoredFields: [],
      },
    );
  });

  it('round-trips an envelope without the optional traceparent', () => {
    const { data } = samples[ORDER_PLACED_V1];
    const message = createEnvelope({
      type: ORDER_PLACED_V1,
      source: '/commlab/test',
      subject: data.orderId,
      data,
    });
    expect(message.traceparent).toBeUndefined();
    expect(fromKafkaRecord(toKafkaRecord(message))).toEqual({ ok: true, message, ignoredFields: [] });
  });

  it('takes the W3C headers as the tracing extension when a producer sent only those', () => {
    const sample = { ...samples[ORDER_PLACED_V1], tracestate: 'vendor=1' };
    const { ce_traceparent: _ce, ce_tracestate: _state, ...headers } = toKafkaRecord(sample).headers;
    const hopOnly = { ...headers, traceparent: sample.traceparent ?? '', tracestate: 'vendor=1' };
    expect(fromKafkaRecord({ value: toKafkaRecord(sample).value, headers: hopOnly })).toEqual({
      ok: true,
      message: sample,
      ignoredFields: [],
    });
    // Both present: the extension wins (it names where the message was created, the header the last hop).
    const hop = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const both = fromAmqpMessage({
      content: toAmqpMessage(sample).content,
      properties: { headers: { ...toAmqpMessage(sample).options.headers, traceparent: hop } },
    });
    expect(both.ok && both.message.traceparent).toBe(sample.traceparent);
  });

  it('reports a body that is not JSON and a missing header with a structured error', () => {
    const record = toKafkaRecord(samples[ORDER_PLACED_V1]);
    const notJson = fromKafkaRecord({ ...record, value: Buffer.from('{oops') });
    expect(notJson.ok || notJson.error.code).toBe('MESSAGE_NOT_JSON');
    const { ce_id: _dropped, ...headers } = record.headers;
    const missing = fromKafkaRecord({ ...record, headers });
    expect(missing.ok || missing.error.issues).toEqual([
      { path: 'id', problem: expect.stringMatching(/^missing/) as unknown },
    ]);
  });
});
