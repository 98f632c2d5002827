import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { type Admin, Kafka, logLevel } from 'kafkajs';

const IDLE_MS = 500;

/**
 * kafkajs 2.2.4 (its last release) re-armed a 1 ms `setTimeout` on every broker connection after its first
 * answer, forever, idle or not (tulios/kafkajs#1556): ~40 ms of CPU a second per idle consumer. commlab
 * installs it patched (patches/kafkajs@2.2.4.patch). This fails when the patch is lost, on an upgrade
 * or a change of install, and the loop is back.
 */
describe('kafkajs on an idle connection schedules no timers (patched RequestQueue, kafka-lite)', () => {
  let broker: KafkaLite;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startKafkaLite({ port: 0, logLevel: 'silent', topics: [{ name: 'idle', partitions: 1 }] });
    admin = new Kafka({
      brokers: [broker.bootstrap],
      clientId: 'idle-timers',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
  }, 20_000);

  afterAll(async () => {
    await admin.disconnect();
    await broker.close();
  });

  it('after a request is answered, the connection arms no timeout while nothing waits', async () => {
    expect(await admin.listTopics()).toContain('idle'); // an answered request: the queue checks itself
    const wait = setTimeout;
    const fromRequestQueue: string[] = [];
    const spy = jest
      .spyOn(globalThis, 'setTimeout')
      .mockImplementation((...args: Parameters<typeof setTimeout>) => {
        const stack = new Error().stack ?? '';
        if (stack.includes('requestQueue')) fromRequestQueue.push(stack);
        return wait(...args);
      });
    try {
      await new Promise((resolve) => wait(resolve, IDLE_MS));
    } finally {
      spy.mockRestore();
    }
    // Unpatched: one every millisecond or so (hundreds in the window). Patched: none.
    expect(fromRequestQueue).toEqual([]);
  });
});
