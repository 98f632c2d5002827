import { compareTopics, expectedKafkaTopics, parseTopicList } from './kafka-topics';

describe('kafka topic lists', () => {
  it('parses "<topic>:<partitions>" entries separated by any whitespace', () => {
    expect(parseTopicList(' orders:3\n  orders.dlt:1 ')).toEqual(
      new Map([
        ['orders', 3],
        ['orders.dlt', 1],
      ]),
    );
  });

  it('rejects malformed and repeated entries', () => {
    expect(() => parseTopicList('orders')).toThrow(/not <topic>:<partitions>/);
    expect(() => parseTopicList('orders:0')).toThrow(/not <topic>:<partitions>/);
    expect(() => parseTopicList('orders:3 orders:3')).toThrow(/twice/);
  });

  it('expects every contract topic and a dead-letter topic per event topic', () => {
    const expected = expectedKafkaTopics();
    expect(expected.get('orders')).toBeGreaterThan(0);
    expect(expected.get('orders.dlt')).toBe(1);
    expect(expected.get('inventory.dlt')).toBe(1);
  });

  it('reports missing, extra and mis-sized topics', () => {
    const expected = new Map([
      ['a', 3],
      ['b', 1],
    ]);
    expect(
      compareTopics(
        new Map([
          ['a', 3],
          ['b', 1],
        ]),
        expected,
      ),
    ).toEqual([]);
    expect(
      compareTopics(
        new Map([
          ['a', 2],
          ['c', 1],
        ]),
        expected,
      ),
    ).toEqual([
      'topic a is created with 2 partitions; the contracts say 3',
      'topic b (1 partitions) is not created',
      'topic c is created but is not in the contracts',
    ]);
  });
});
