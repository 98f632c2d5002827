import type { Admin, Kafka, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { startTestBroker, uniqueName, type TestBroker } from './support/broker';
import { consumeFromStart, kafkaClient, producerOptions } from './support/kafkajs';
import { kcatOk } from './support/kcat';

jest.setTimeout(30_000);

interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: { topic: string; partitions: { partition: number; leader: number }[] }[];
}

describe('kcat (librdkafka) against kafka-lite', () => {
  let broker: TestBroker;
  let b: string;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    // kcat always talks to the in-process broker: these tests are about kafka-lite's librdkafka support.
    broker = await startTestBroker({}, false);
    b = broker.brokers[0]!;
    kafka = kafkaClient(broker.brokers);
    admin = kafka.admin();
    producer = kafka.producer(producerOptions);
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await broker.close();
  });

  it('-L lists the broker and topics', async () => {
    const topic = uniqueName('meta');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const [json] = await kcatOk(['-b', b, '-L', '-J']);
    const meta = JSON.parse(json!) as KcatMetadata;
    expect(meta.brokers).toEqual([expect.objectContaining({ id: 0, name: b })]);
    const t = meta.topics.find((x) => x.topic === topic);
    expect(t?.partitions.map((p) => [p.partition, p.leader]).sort()).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });

  it('-P with headers, then -C -e reads them back', async () => {
    const topic = uniqueName('headers');
    await kcatOk(
      ['-b', b, '-P', '-t', topic, '-K', ':', '-H', 'trace=abc', '-H', 'kind=test'],
      'k1:v1\nk2:v2\n',
    );
    const lines = await kcatOk(['-b', b, '-C', '-t', topic, '-e', '-q', '-f', '%p|%o|%k|%s|%h\n']);
    expect(lines).toEqual(['0|0|k1|v1|trace=abc,kind=test', '0|1|k2|v2|trace=abc,kind=test']);
  });

  it('-G consumes as a group and a second run resumes from the committed offset', async () => {
    const topic = uniqueName('group');
    const group = uniqueName('kcat-g');
    await kcatOk(['-b', b, '-P', '-t', topic], 'one\ntwo\n');
    const groupArgs = [
      '-b',
      b,
      '-G',
      group,
      '-X',
      'auto.offset.reset=earliest',
      '-e',
      '-q',
      '-f',
      '%o:%s\n',
      topic,
    ];
    expect(await kcatOk(groupArgs)).toEqual(['0:one', '1:two']);
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed[0]?.partitions[0]?.offset).toBe('2');
    await kcatOk(['-b', b, '-P', '-t', topic], 'three\n');
    expect(await kcatOk(groupArgs)).toEqual(['2:three']);
  });

  it('produces gzip batches that kcat and kafkajs both read', async () => {
    const topic = uniqueName('gzip');
    await kcatOk(['-b', b, '-P', '-t', topic, '-z', 'gzip'], 'zipped-1\nzipped-2\n');
    expect(await kcatOk(['-b', b, '-C', '-t', topic, '-e', '-q', '-f', '%s\n'])).toEqual([
      'zipped-1',
      'zipped-2',
    ]);
    const got = await consumeFromStart(kafka, topic, 2, 'kafkajs reads kcat gzip');
    expect(got.map((m) => m.value)).toEqual(['zipped-1', 'zipped-2']);
  });

  it('-o s@<timestamp> starts at the first record at or after that time', async () => {
    const topic = uniqueName('kcat-time');
    const t = Date.now() - 60_000;
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: String(t + i) })),
    });
    expect(
      await kcatOk(['-b', b, '-C', '-t', topic, '-o', `s@${t + 6}`, '-e', '-q', '-f', '%o:%s\n']),
    ).toEqual(['6:m6', '7:m7', '8:m8', '9:m9']);
  });

  it('kafkajs → kcat', async () => {
    const topic = uniqueName('k2c');
    await producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'a', value: 'from-kafkajs-1', headers: { h: 'x' } },
        { key: 'b', value: 'from-kafkajs-2' },
      ],
    });
    expect(await kcatOk(['-b', b, '-C', '-t', topic, '-e', '-q', '-f', '%k=%s %h\n'])).toEqual([
      'a=from-kafkajs-1 h=x',
      'b=from-kafkajs-2 ',
    ]);
  });

  it('kcat → kafkajs', async () => {
    const topic = uniqueName('c2k');
    await kcatOk(['-b', b, '-P', '-t', topic, '-K', ':', '-H', 'src=kcat'], 'x:from-kcat-1\ny:from-kcat-2\n');
    const got = await consumeFromStart(kafka, topic, 2, 'kafkajs reads kcat messages');
    expect(got.map((m) => [m.key, m.value, m.headers.src])).toEqual([
      ['x', 'from-kcat-1', 'kcat'],
      ['y', 'from-kcat-2', 'kcat'],
    ]);
  });
});
