/** Kafka topics (docs/architecture.md, "Names"). Nothing else in the repo spells these strings. */
export const KAFKA_TOPICS = {
  /** Order domain events: OrderPlaced, OrderConfirmed, OrderRejected. Key = order id. */
  orders: 'orders',
  /** Inventory state changes: StockReserved, StockRejected, … Key = SKU or reservation id. */
  inventory: 'inventory',
  /** Request topic of the Kafka request-reply ReserveStock (NestJS `ClientKafka.send`). */
  inventoryReserveStock: 'inventory.reserve-stock',
  /** NestJS's reply topic for it: `<request topic>.reply`. */
  inventoryReserveStockReply: 'inventory.reserve-stock.reply',
} as const;
export type KafkaTopic = (typeof KAFKA_TOPICS)[keyof typeof KAFKA_TOPICS];

/**
 * Partitions each topic is created with (kafka-lite at start, compose's topic init). Three lets a
 * consumer group of up to three instances share the work; reply topics need at least one partition
 * per requesting instance (NestJS ClientKafka assigns one to each client of its group).
 */
export const KAFKA_TOPIC_PARTITIONS: Record<KafkaTopic, number> = {
  orders: 3,
  inventory: 3,
  'inventory.reserve-stock': 3,
  'inventory.reserve-stock.reply': 3,
};

/** Suffix of dead-letter topics: a poison event from `orders` goes to `orders.dlt`. */
export const DEAD_LETTER_TOPIC_SUFFIX = '.dlt';

export function deadLetterTopic(topic: string): string {
  return `${topic}${DEAD_LETTER_TOPIC_SUFFIX}`;
}

/** Event topics whose consumers dead-letter poison events (request/reply topics have no DLT). */
export const KAFKA_DEAD_LETTER_TOPICS = [
  deadLetterTopic(KAFKA_TOPICS.orders),
  deadLetterTopic(KAFKA_TOPICS.inventory),
] as const;

/** Partitions of each dead-letter topic: a DLT is an inspection queue, not a throughput path. */
export const DEAD_LETTER_TOPIC_PARTITIONS = 1;

/** Every topic the stack needs, with its partition count: what `pnpm start`, compose and tests create. */
export function kafkaTopicLayout(): { name: string; partitions: number }[] {
  return [
    ...Object.entries(KAFKA_TOPIC_PARTITIONS).map(([name, partitions]) => ({ name, partitions })),
    ...KAFKA_DEAD_LETTER_TOPICS.map((name) => ({ name, partitions: DEAD_LETTER_TOPIC_PARTITIONS })),
  ];
}

/** Kafka consumer groups. */
export const KAFKA_CONSUMER_GROUPS = {
  reporting: 'reporting',
  order: 'order',
  /** inventory's ServerKafka for ReserveStock requests: the instances share `inventory.reserve-stock`. */
  inventoryReserveStock: 'inventory-reserve-stock',
  /** inventory's consumer of `orders`: choreographed orders' OrderAccepted → reserve (docs/architecture.md). */
  inventoryOrderEvents: 'inventory-order-events',
  /**
   * order's ClientKafka reply consumers: each order instance owns one partition of
   * `inventory.reserve-stock.reply` (see docs/kafka-request-reply.md).
   */
  orderReserveStockReplies: 'order-reserve-stock-replies',
} as const;
export type KafkaConsumerGroup = (typeof KAFKA_CONSUMER_GROUPS)[keyof typeof KAFKA_CONSUMER_GROUPS];

/**
 * The topics each consumer group reads: what the console's and `pnpm lag`'s lag figures, the fuzz's
 * "caught up" check and the Kubernetes checks count. A new group gets its row here, nowhere else.
 */
export const KAFKA_GROUP_TOPICS: Record<KafkaConsumerGroup, readonly KafkaTopic[]> = {
  reporting: [KAFKA_TOPICS.orders, KAFKA_TOPICS.inventory],
  order: [KAFKA_TOPICS.inventory],
  'inventory-reserve-stock': [KAFKA_TOPICS.inventoryReserveStock],
  'inventory-order-events': [KAFKA_TOPICS.orders],
  'order-reserve-stock-replies': [KAFKA_TOPICS.inventoryReserveStockReply],
};
