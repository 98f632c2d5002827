import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createEnvelope,
  deadLetterQueue,
  type Envelope,
  fromKafkaRecord,
  RABBITMQ_QUEUES,
  RABBITMQ_RPC_PATTERNS,
  RESERVE_STOCK_V1,
  type ReserveStockV1,
  type ReserveStockV1Message,
  STOCK_REJECTED_V1,
  STOCK_RESERVED_V1,
  toAmqpMessage,
} from '@commlab/contracts';
import type { KafkaLite } from '@commlab/kafka-lite';
import { RMQ_POLICY_HEADERS } from '@commlab/messaging-rabbitmq';
import { waitFor } from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';

import type { RunningInventoryService } from '../src';
import { pgliteOnDisk } from './support/durable-stores';
import { openCommandChannel } from './support/command-channel';
import { startTestInventory } from './support/start-test-inventory';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';
import { startTestKafka } from './support/test-kafka';
import type { TopicReader } from './support/topic-reader';

jest.setTimeout(60_000);

const rabbitmqUrl = useThrowawayRabbitMq('inventory-rabbitmq');
const tokens = useTestTokenIssuer();

const SKUS = [
  { sku: 'rmq-mug', unitPriceCents: 1250, currency: 'USD', initialStock: 10 },
  { sku: 'rmq-none', unitPriceCents: 500, currency: 'USD', initialStock: 0 },
  { sku: 'rmq-guarded', unitPriceCents: 300, currency: 'USD', initialStock: 50 },
];

/** INVENTORY_COMMANDS_TOKEN_GRACE_MS of the inventory under test, in seconds. */
const COMMAND_TOKEN_GRACE_S = 60;

const id = (prefix: string) => `${prefix}-${randomUUID()}`;

/** Long enough for a duplicate (or a wrongly published event) to reach the reader. */
const SETTLE_MS = 700;

function reserveStock(data: ReserveStockV1): ReserveStockV1Message {
  return createEnvelope({
    type: RESERVE_STOCK_V1,
    source: '/commlab/order-service',
    subject: data.reservationId,
    correlationId: `corr-${data.orderId}`,
    data,
  });
}

/**
 * inventory-service on RabbitMQ: ReserveStock commands from `inventory.commands` (processed once per
 * message, poison dead-lettered, the consumer never stuck) and the RPC queue `inventory.rpc` (NestJS
 * packets, answered on the caller's direct reply-to). Real RabbitMQ (own vhost), kafka-lite, PGlite.
 */
describe('inventory-service on RabbitMQ', () => {
  const stores = pgliteOnDisk();
  let kafka: KafkaLite;
  let topic: TopicReader;
  let inventory: RunningInventoryService;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    ({ kafka, topic } = await startTestKafka());
    inventory = await startTestInventory({
      store: await stores.create(),
      kafkaBrokers: kafka.bootstrap,
      rabbitmqUrl: rabbitmqUrl(),
      authUrl: tokens.authUrl,
      seedItems: SKUS,
      env: { INVENTORY_COMMANDS_TOKEN_GRACE_MS: String(COMMAND_TOKEN_GRACE_S * 1000) },
    });
    ({ connection, channel } = await openCommandChannel(rabbitmqUrl()));
  }, 60_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await inventory.close();
    await topic.stop();
    await kafka.close();
    await stores.teardown();
  });

  /** A command as order-service's relay sends it: with a service token (`authorization: null`: none). */
  async function sendCommand(
    content: Buffer | string,
    options: amqp.Options.Publish,
    authorization: string | null = `Bearer ${tokens.serviceToken()}`,
  ): Promise<void> {
    channel.sendToQueue(RABBITMQ_QUEUES.inventoryCommands, Buffer.from(content), {
      persistent: true,
      ...options,
      headers: {
        ...(options.headers as Record<string, unknown> | undefined),
        ...(authorization === null ? {} : { authorization }),
      },
    });
    await channel.waitForConfirms();
  }

  async function send(envelope: Envelope, authorization?: string | null): Promise<void> {
    const message = toAmqpMessage(envelope);
    await sendCommand(message.content, message.options, authorization);
  }

  async function deadLetters(count: number): Promise<GetMessage[]> {
    const dlq = deadLetterQueue(RABBITMQ_QUEUES.inventoryCommands);
    const dead: GetMessage[] = [];
    await waitFor(
      async () => {
        const message = await channel.get(dlq, { noAck: true });
        if (message) dead.push(message);
        return dead.length >= count || undefined;
      },
      { timeoutMs: 10_000, description: `${String(count)} dead letter(s) in ${dlq}` },
    );
    return dead;
  }

  const available = async (sku: string) =>
    ((await (await fetch(`${inventory.httpUrl}/stock/${sku}`)).json()) as { available: number }).available;

  const events = (key: string) =>
    topic.withKey(key).map((message) => {
      const parsed = fromKafkaRecord({ value: message.value, headers: message.headers ?? {} });
      if (!parsed.ok) throw new Error(`invalid inventory event: ${JSON.stringify(parsed.error)}`);
      return parsed.message;
    });

  const arrived = (key: string) =>
    waitFor(() => topic.withKey(key).length > 0, {
      timeoutMs: 10_000,
      description: `an inventory event keyed ${key}`,
    });

  it('a command delivered twice reserves once and announces StockReserved once, caused by the command', async () => {
    const reservationId = id('res');
    const command = reserveStock({
      reservationId,
      orderId: reservationId,
      items: [{ sku: 'rmq-mug', quantity: 2 }],
    });
    await send(command);
    await send(command);
    await arrived(reservationId);
    await sleep(SETTLE_MS);
    const announced = events(reservationId);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({
      type: STOCK_RESERVED_V1,
      correlationid: command.correlationid,
      causationid: command.id,
      data: { reservationId, totalCents: 2500, currency: 'USD' },
    });
    expect(await available('rmq-mug')).toBe(8);
    // The stored StockReserved says the same — the command's flow and the command message that caused
    // it — and who sent it: the service whose token the command carried.
    const stored = (await (await fetch(`${inventory.httpUrl}/stock/rmq-mug/events`)).json()) as {
      events: { reservationId: string | null; correlationId: string | null; causationId: string | null }[];
    };
    expect(stored.events.filter((event) => event.reservationId === reservationId)).toEqual([
      expect.objectContaining({
        type: 'StockReserved',
        actor: 'order-service',
        correlationId: command.correlationid,
        causationId: command.id,
      }),
    ]);
  });

  it('refusals are answered once too: OUT_OF_STOCK and UNKNOWN_SKU become StockRejected', async () => {
    const short = id('res');
    const unknown = id('res');
    const outOfStock = reserveStock({
      reservationId: short,
      orderId: short,
      items: [{ sku: 'rmq-none', quantity: 1 }],
    });
    const unknownSku = reserveStock({
      reservationId: unknown,
      orderId: unknown,
      items: [{ sku: 'rmq-nothing', quantity: 1 }],
    });
    for (const command of [outOfStock, outOfStock, unknownSku, unknownSku]) await send(command);
    await arrived(short);
    await arrived(unknown);
    await sleep(SETTLE_MS);
    expect(events(short).map((event) => [event.type, event.data])).toEqual([
      [STOCK_REJECTED_V1, expect.objectContaining({ reason: 'OUT_OF_STOCK', skus: ['rmq-none'] })],
    ]);
    expect(events(unknown).map((event) => [event.type, event.data])).toEqual([
      [STOCK_REJECTED_V1, expect.objectContaining({ reason: 'UNKNOWN_SKU', skus: ['rmq-nothing'] })],
    ]);
    // The refusal is in the SKU's stream once (the audit trail), not once per delivery.
    const stream = (await (await fetch(`${inventory.httpUrl}/stock/rmq-none/events`)).json()) as {
      events: { type: string; reservationId?: string }[];
    };
    expect(stream.events.filter((event) => event.reservationId === short)).toHaveLength(1);
  });

  it('malformed JSON, a wrong schema and an unknown type go to inventory.commands.dlq; the consumer goes on', async () => {
    const good = reserveStock({
      reservationId: id('res'),
      orderId: id('order'),
      items: [{ sku: 'rmq-mug', quantity: 1 }],
    });
    const valid = toAmqpMessage(good);
    await sendCommand('{"reservationId": ', { ...valid.options, messageId: id('bad-json') });
    await sendCommand(JSON.stringify({ reservationId: 'x', items: 'many' }), {
      ...valid.options,
      messageId: id('bad-schema'),
    });
    await sendCommand(valid.content, {
      ...valid.options,
      messageId: id('bad-type'),
      type: 'commlab.inventory.launch-rockets.v1',
      headers: { ...valid.options.headers, cloudEvents_type: 'commlab.inventory.launch-rockets.v1' },
    });
    await send(good);
    await arrived(good.data.reservationId);

    const dead = await deadLetters(3);
    const ids = dead.map((message) => String(message.properties.messageId));
    expect(ids.map((value) => value.replace(/-[0-9a-f-]{36}$/, '')).sort()).toEqual([
      'bad-json',
      'bad-schema',
      'bad-type',
    ]);
    const badJson = dead.find((message) => String(message.properties.messageId).startsWith('bad-json'));
    expect(badJson?.properties.headers?.[RMQ_POLICY_HEADERS.reason]).toEqual(expect.any(String));
  });

  it('a command without a valid service token is dead-lettered with the refusal and changes nothing', async () => {
    const before = await available('rmq-guarded');
    const command = (label: string) =>
      reserveStock({
        reservationId: id(label),
        orderId: id(label),
        items: [{ sku: 'rmq-guarded', quantity: 3 }],
      });
    const refused: [ReserveStockV1Message, string | null, string][] = [
      [command('no-token'), null, 'MISSING_TOKEN'],
      [command('user'), `Bearer ${tokens.userToken()}`, 'SERVICE_TOKEN_REQUIRED'],
      [command('scope'), `Bearer ${tokens.serviceToken({ scope: 'stock:adjust' })}`, 'INSUFFICIENT_SCOPE'],
      [
        command('stale'),
        `Bearer ${tokens.serviceToken({ expiresInSeconds: -(COMMAND_TOKEN_GRACE_S + 30) })}`,
        'TOKEN_INVALID',
      ],
      [command('forged'), 'Bearer abc.def.ghi', 'TOKEN_INVALID'],
    ];
    for (const [envelope, authorization] of refused) await send(envelope, authorization);
    // A token that expired while its command waited in the queue, within the grace: accepted.
    const waited = command('waited');
    await send(waited, `Bearer ${tokens.serviceToken({ expiresInSeconds: -5 })}`);
    await arrived(waited.data.reservationId);
    expect(events(waited.data.reservationId).map((event) => event.type)).toEqual([STOCK_RESERVED_V1]);

    const dead = await deadLetters(refused.length);
    const codeOf = (message: GetMessage) => [
      String(message.properties.messageId),
      message.properties.headers?.[RMQ_POLICY_HEADERS.errorCode] as unknown,
    ];
    expect(dead.map(codeOf).sort()).toEqual(refused.map(([envelope, , code]) => [envelope.id, code]).sort());
    await sleep(SETTLE_MS);
    for (const [envelope] of refused) expect(events(envelope.data.reservationId)).toEqual([]);
    expect(await available('rmq-guarded')).toBe(before - 3);
  });

  /**
   * One raw AMQP RPC call the way NestJS's client makes it: `{pattern, data, id}` with direct reply-to,
   * and a service token in the `authorization` header (null: none).
   */
  async function rpc(
    data: unknown,
    authorization: string | null = `Bearer ${tokens.serviceToken()}`,
  ): Promise<{ response?: unknown; err?: unknown; isDisposed?: boolean }> {
    const rpcChannel = await connection.createChannel();
    try {
      const correlationId = randomUUID();
      const reply = new Promise<{ response?: unknown; err?: unknown }>((resolve) => {
        void rpcChannel.consume(
          'amq.rabbitmq.reply-to',
          (message) => {
            if (message?.properties.correlationId === correlationId) {
              resolve(JSON.parse(message.content.toString('utf8')) as { response?: unknown; err?: unknown });
            }
          },
          { noAck: true },
        );
      });
      await sleep(50);
      rpcChannel.sendToQueue(
        RABBITMQ_QUEUES.inventoryRpc,
        Buffer.from(JSON.stringify({ pattern: RABBITMQ_RPC_PATTERNS.reserveStock, data, id: correlationId })),
        {
          replyTo: 'amq.rabbitmq.reply-to',
          correlationId,
          ...(authorization === null ? {} : { headers: { authorization } }),
        },
      );
      return await reply;
    } finally {
      await rpcChannel.close();
    }
  }

  it('inventory.rpc answers a reservation, and an invalid or expired request with its error code', async () => {
    const reservationId = id('res');
    const ok = await rpc({ reservationId, items: [{ sku: 'rmq-mug', quantity: 1 }] });
    expect(ok.response).toMatchObject({ reservationId, totalCents: 1250, currency: 'USD' });
    expect(ok.err).toBeUndefined();

    const invalid = await rpc({ reservationId: id('res'), items: 'many' });
    expect(invalid.err).toMatchObject({ code: 'INVALID_REQUEST' });
    const expired = await rpc({
      reservationId: id('res'),
      items: [{ sku: 'rmq-mug', quantity: 1 }],
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(expired.err).toMatchObject({ code: 'REQUEST_EXPIRED' });
    // Every request was acked: nothing waits in the queue.
    expect((await channel.checkQueue(RABBITMQ_QUEUES.inventoryRpc)).messageCount).toBe(0);
  });

  it.each([
    ['no token', null, 'MISSING_TOKEN'],
    ['a user token', 'user', 'SERVICE_TOKEN_REQUIRED'],
    ['a service token without stock:reserve', 'stock:adjust', 'INSUFFICIENT_SCOPE'],
    ['a malformed token', 'Bearer not.a.jwt', 'TOKEN_INVALID'],
  ])(
    'inventory.rpc refuses %s with an error reply, acks it, and reserves nothing',
    async (_case, who, code) => {
      const authorization =
        who === null
          ? null
          : who === 'user'
            ? `Bearer ${tokens.userToken()}`
            : who === 'stock:adjust'
              ? `Bearer ${tokens.serviceToken({ clientId: 'commlab-bench', scope: 'stock:adjust' })}`
              : who;
      const reservationId = id('res-refused');
      const refused = await rpc(
        { reservationId, items: [{ sku: 'rmq-guarded', quantity: 1 }] },
        authorization,
      );
      expect(refused.err).toMatchObject({ code });
      expect(refused.response).toBeUndefined();
      // Nothing reserved: the id is still free, and no event was written for it.
      const again = await rpc({ reservationId, items: [{ sku: 'rmq-guarded', quantity: 2 }] });
      expect(again.response).toMatchObject({
        reservationId,
        lines: [expect.objectContaining({ quantity: 2 })],
      });
      expect((await channel.checkQueue(RABBITMQ_QUEUES.inventoryRpc)).messageCount).toBe(0);
    },
  );
});
