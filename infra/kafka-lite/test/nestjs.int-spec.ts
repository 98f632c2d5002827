import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientKafka,
  EventPattern,
  MessagePattern,
  Payload,
  RpcException,
  Transport,
  type KafkaOptions,
} from '@nestjs/microservices';
import { waitFor } from '@commlab/testing';
import { firstValueFrom } from 'rxjs';
import { groupTimeouts, startTestBroker, uniqueName, type TestBroker } from './support/broker';
import { kafkaClient } from './support/kafkajs';

jest.setTimeout(30_000);

const SERVER_ID = Symbol('SERVER_ID');
const EVENTS = Symbol('EVENTS');

interface SumReply {
  sum: number;
  server: string;
}

function makeModule(serverId: string, events: unknown[], prefix: string): new () => unknown {
  @Controller()
  class MathController {
    constructor(
      @Inject(SERVER_ID) private readonly id: string,
      @Inject(EVENTS) private readonly seen: unknown[],
    ) {}

    @MessagePattern(`${prefix}.sum`)
    sum(@Payload() numbers: number[]): SumReply {
      return { sum: numbers.reduce((a, b) => a + b, 0), server: this.id };
    }

    @MessagePattern(`${prefix}.fail`)
    fail(@Payload() reason: string): never {
      throw new RpcException({ status: 'error', message: `refused: ${reason}` });
    }

    @EventPattern(`${prefix}.created`)
    created(@Payload() event: unknown): void {
      this.seen.push(event);
    }
  }

  @Module({
    controllers: [MathController],
    providers: [
      { provide: SERVER_ID, useValue: serverId },
      { provide: EVENTS, useValue: events },
    ],
  })
  class MathModule {}
  return MathModule;
}

const fastConsumer = {
  maxWaitTimeInMs: 100,
  heartbeatInterval: 100,
  ...groupTimeouts(),
  retry: { retries: 10, initialRetryTime: 50 },
};

function kafkaOptions(brokers: string[], groupId: string): KafkaOptions['options'] {
  return {
    client: { brokers, clientId: groupId, logCreator: () => () => undefined },
    consumer: { groupId, ...fastConsumer },
    subscribe: { fromBeginning: true },
    producer: { allowAutoTopicCreation: true },
  };
}

async function startServer(
  brokers: string[],
  groupId: string,
  serverId: string,
  events: unknown[],
  prefix: string,
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(makeModule(serverId, events, prefix), {
    transport: Transport.KAFKA,
    options: kafkaOptions(brokers, groupId),
    logger: false,
  });
  await app.listen();
  return app;
}

async function startClient(brokers: string[], groupId: string, prefix: string): Promise<ClientKafka> {
  const client = new ClientKafka(kafkaOptions(brokers, groupId) ?? {});
  client.subscribeToResponseOf(`${prefix}.sum`);
  client.subscribeToResponseOf(`${prefix}.fail`);
  await client.connect();
  return client;
}

async function createTopics(brokers: string[], names: string[], partitions: number): Promise<void> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: partitions })) });
  } finally {
    await admin.disconnect();
  }
}

describe('NestJS Kafka transport', () => {
  let broker: TestBroker;
  const apps: INestMicroservice[] = [];
  const clients: ClientKafka[] = [];

  beforeAll(async () => {
    broker = await startTestBroker();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  afterAll(async () => {
    await broker.close();
  });

  it('answers send() with request-reply, delivers emit() and returns errors', async () => {
    const prefix = uniqueName('math');
    const group = uniqueName('svc');
    await createTopics(
      broker.brokers,
      [`${prefix}.sum`, `${prefix}.sum.reply`, `${prefix}.fail`, `${prefix}.fail.reply`],
      1,
    );
    const events: unknown[] = [];
    apps.push(await startServer(broker.brokers, group, 'server-1', events, prefix));
    const client = await startClient(broker.brokers, group, prefix);
    clients.push(client);
    await waitFor(() => client.getConsumerAssignments()[`${prefix}.sum.reply`] !== undefined, {
      timeoutMs: 10_000,
      description: 'client owns a reply partition',
    });

    await expect(firstValueFrom(client.send<SumReply>(`${prefix}.sum`, [1, 2, 3]))).resolves.toEqual({
      sum: 6,
      server: 'server-1',
    });
    await expect(firstValueFrom(client.send(`${prefix}.fail`, 'no'))).rejects.toMatchObject({
      message: 'refused: no',
    });
    await firstValueFrom(client.emit(`${prefix}.created`, { id: 42 }));
    await waitFor(() => events.length === 1, { description: 'event handled' });
    expect(events).toEqual([{ id: 42 }]);
  });

  it('serves 2 clients from 2 servers over 3-partition reply topics', async () => {
    const prefix = uniqueName('scale');
    const group = uniqueName('svc');
    await createTopics(broker.brokers, [`${prefix}.sum`, `${prefix}.sum.reply`, `${prefix}.fail.reply`], 3);
    const events: unknown[] = [];
    apps.push(await startServer(broker.brokers, group, 'server-a', events, prefix));
    apps.push(await startServer(broker.brokers, group, 'server-b', events, prefix));
    const c1 = await startClient(broker.brokers, group, prefix);
    const c2 = await startClient(broker.brokers, group, prefix);
    clients.push(c1, c2);
    const reply = `${prefix}.sum.reply`;
    await waitFor(
      () => {
        const p1 = c1.getConsumerAssignments()[reply];
        const p2 = c2.getConsumerAssignments()[reply];
        return p1 !== undefined && p2 !== undefined && p1 !== p2;
      },
      { timeoutMs: 15_000, description: 'each client owns its own reply partition' },
    );
    // Let the server group settle so both servers own request partitions.
    const admin = kafkaClient(broker.brokers).admin();
    await admin.connect();
    await waitFor(
      async () => {
        const d = await admin.describeGroups([`${group}-server`]);
        return d.groups[0]?.state === 'Stable' && d.groups[0].members.length === 2;
      },
      { timeoutMs: 15_000, description: 'two servers in a stable group' },
    );
    await admin.disconnect();

    const requests = Array.from({ length: 30 }, (_, i) => {
      const client = i % 2 === 0 ? c1 : c2;
      return firstValueFrom(client.send<SumReply>(`${prefix}.sum`, [i, i]));
    });
    const replies = await Promise.all(requests);
    expect(replies.map((r) => r.sum)).toEqual(Array.from({ length: 30 }, (_, i) => 2 * i));
    expect(new Set(replies.map((r) => r.server))).toEqual(new Set(['server-a', 'server-b']));
  });
});

describe('NestJS Kafka transport across a kafka-lite restart (dataDir)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kafka-lite-nest-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps messages and committed offsets', async () => {
    const prefix = uniqueName('persist');
    const group = uniqueName('svc');
    const events: unknown[] = [];

    let broker = await startTestBroker({ dataDir }, false);
    await createTopics(broker.brokers, [`${prefix}.created`], 2);
    let app = await startServer(broker.brokers, group, 'server-1', events, prefix);
    let client = new ClientKafka({ ...kafkaOptions(broker.brokers, group), producerOnlyMode: true });
    await client.connect();
    for (let i = 0; i < 5; i++) await firstValueFrom(client.emit(`${prefix}.created`, { n: i }));
    await waitFor(() => events.length === 5, { description: 'first five events handled' });
    await client.close();
    await app.close();
    await broker.close();

    broker = await startTestBroker({ dataDir }, false);
    try {
      // The messages are still there for a new group...
      const kafka = kafkaClient(broker.brokers);
      const reader = kafka.consumer({ groupId: uniqueName('reader'), ...fastConsumer });
      const replayed: string[] = [];
      await reader.connect();
      await reader.subscribe({ topic: `${prefix}.created`, fromBeginning: true });
      await reader.run({
        eachMessage: ({ message }) => {
          replayed.push(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
      await waitFor(() => replayed.length === 5, { description: 'old messages replayed after restart' });
      await reader.disconnect();
      expect(replayed.map((v) => (JSON.parse(v) as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4]);

      // ...and the service's group resumes after its committed offsets instead of starting over.
      app = await startServer(broker.brokers, group, 'server-2', events, prefix);
      client = new ClientKafka({ ...kafkaOptions(broker.brokers, group), producerOnlyMode: true });
      await client.connect();
      await firstValueFrom(client.emit(`${prefix}.created`, { n: 5 }));
      await waitFor(() => events.length === 6, { description: 'new event handled after restart' });
      await new Promise((r) => setTimeout(r, 300));
      const seen = (events as { n: number }[]).map((e) => e.n);
      expect(seen.slice(0, 5).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(seen.slice(5)).toEqual([5]);
    } finally {
      await client.close();
      await app.close();
      await broker.close();
    }
  });
});
