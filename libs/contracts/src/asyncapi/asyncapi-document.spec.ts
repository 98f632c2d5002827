import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DiagnosticSeverity, Parser } from '@asyncapi/parser';

import { MESSAGE_CONSUMERS } from '../events/message-flows';
import { MESSAGE_TYPES } from '../events/message-registry';
import { KAFKA_TOPICS } from '../names/kafka';
import { RABBITMQ_EXCHANGES, RABBITMQ_QUEUES } from '../names/rabbitmq';
import { REDIS_CHANNELS } from '../names/redis';
import { buildAsyncApiDocument, messageKey } from './asyncapi-document';
import type { JsonObject } from './json-schema';

/** Spectral's severity (the parser's diagnostics carry its own copy of the enum): 0 = error. */
const isError = (diagnostic: { severity: number }): boolean =>
  diagnostic.severity === (DiagnosticSeverity.Error as number);

const COMMITTED = join(__dirname, '..', '..', 'asyncapi', 'commlab.asyncapi.json');

function obj(value: unknown): JsonObject {
  expect(typeof value).toBe('object');
  return value as JsonObject;
}

describe('buildAsyncApiDocument', () => {
  const document = buildAsyncApiDocument({ version: '9.9.9' });

  it('is deterministic: the same code gives the same text', () => {
    expect(JSON.stringify(buildAsyncApiDocument({ version: '9.9.9' }))).toBe(JSON.stringify(document));
  });

  it('has a channel for every Kafka topic, the events exchange, every work queue and the live feed', () => {
    const addresses = Object.values(obj(document.channels)).map((channel) => obj(channel).address);
    expect(addresses).toEqual(
      expect.arrayContaining([
        KAFKA_TOPICS.orders,
        KAFKA_TOPICS.inventory,
        RABBITMQ_EXCHANGES.events,
        RABBITMQ_QUEUES.inventoryCommands,
        RABBITMQ_QUEUES.notificationsSend,
        REDIS_CHANNELS.live,
      ]),
    );
  });

  it('has the JSON Schema of every message type, from zod', () => {
    const schemas = obj(obj(document.components).schemas);
    for (const type of MESSAGE_TYPES) expect(obj(schemas[messageKey(type)]).type).toBe('object');
    expect(obj(schemas['order-placed-v1']).required).toContain('orderId');
  });

  it('points the correlation id at the binary-mode header of each transport', () => {
    const correlationIds = obj(obj(document.components).correlationIds);
    expect(obj(correlationIds['kafka-correlation-id']).location).toBe('$message.header#/ce_correlationid');
    expect(obj(correlationIds['amqp-correlation-id']).location).toBe(
      '$message.header#/cloudEvents_correlationid',
    );
    const kafkaHeaders = obj(obj(obj(document.components).schemas)['kafka-cloudevents-headers']);
    expect(kafkaHeaders.required).toEqual(expect.arrayContaining(['ce_id', 'ce_type', 'ce_correlationid']));
  });

  it('lists each typed live-feed line as a message of commlab.live, sent by its one publisher', () => {
    const live = obj(obj(document.channels)['redis-commlab-live']);
    expect(Object.keys(obj(live.messages))).toEqual(['live-feed-line', 'live-stock-contention']);
    const schema = obj(obj(obj(document.components).schemas)['live-stock-contention']);
    expect(schema.required).toEqual(
      expect.arrayContaining(['service', 'at', 'sku', 'expectedVersion', 'retry']),
    );
    const sends = (service: string) =>
      JSON.stringify(obj(obj(document.operations)[`${service}-sends-to-redis-commlab-live`]).messages);
    expect(sends('inventory-service')).toContain('live-stock-contention');
    expect(sends('order-service')).not.toContain('live-stock-contention');
  });

  it('has a receive operation for every consumer, with its Kafka consumer group', () => {
    const operations = Object.values(obj(document.operations)).map(obj);
    const receives = operations.filter((operation) => operation.action === 'receive');
    // Every envelope consumer plus the console on the live feed.
    expect(receives).toHaveLength(MESSAGE_CONSUMERS.length + 1);
    expect(JSON.stringify(operations)).toContain('"groupId":{"type":"string","enum":["reporting"]}');
  });
});

describe('the committed AsyncAPI document', () => {
  it('is what the code generates (else run pnpm asyncapi:generate)', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as JsonObject;
    const { version } = obj(committed.info);
    expect(typeof version).toBe('string');
    expect(committed).toEqual(buildAsyncApiDocument({ version: version as string }));
  });

  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser (no error diagnostics)', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(COMMITTED, 'utf8'));
    const errors = diagnostics
      .filter(isError)
      .map((diagnostic) => `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.path.join('.')}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document?.version()).toBe('3.0.0');
    expect(document?.channels().length).toBeGreaterThanOrEqual(7);
    expect(document?.messages().length).toBeGreaterThanOrEqual(MESSAGE_TYPES.length);
  });

  it('the parser does report an invalid document (the test above can fail)', async () => {
    const broken = JSON.parse(readFileSync(COMMITTED, 'utf8')) as JsonObject;
    obj(obj(broken.operations)[Object.keys(obj(broken.operations))[0] ?? '']).action = 'publish';
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some(isError)).toBe(true);
  });
});
