import { KAFKA_CONSUMER_GROUPS, KAFKA_GROUP_TOPICS } from '@commlab/contracts';

import { k8sExpectations } from './expectations';

describe('k8sExpectations: Kafka consumers', () => {
  const { kafkaConsumers } = k8sExpectations({
    configSchemas: {},
    composeImages: {},
    rabbitmqSettings: [],
    createdDatabases: [],
  });
  const assigned = Object.values(kafkaConsumers).flat();

  it("gives every consumer group of libs/contracts to a workload, so its replicas are held to its topics' partitions", () => {
    expect(assigned.map(({ group }) => group).sort()).toEqual(Object.values(KAFKA_CONSUMER_GROUPS).sort());
  });

  it('holds each group to the topics it reads', () => {
    for (const { group, topics } of assigned)
      expect(topics).toEqual(KAFKA_GROUP_TOPICS[group as keyof typeof KAFKA_GROUP_TOPICS]);
    expect(kafkaConsumers['inventory-service']).toContainEqual({
      group: 'inventory-order-events',
      topics: ['orders'],
    });
  });
});
