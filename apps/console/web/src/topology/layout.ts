import type { NodeId } from '../../../src/common/topology';

/** Where each node sits: callers on the left, brokers in the middle, consumers on the right. */
export const NODE_POSITIONS: Record<NodeId, { x: number; y: number }> = {
  client: { x: 0, y: 250 },
  'auth-service': { x: 320, y: 0 },
  'order-service': { x: 320, y: 250 },
  'inventory-service': { x: 320, y: 520 },
  rabbitmq: { x: 700, y: 110 },
  kafka: { x: 700, y: 390 },
  redis: { x: 700, y: 640 },
  'notification-service': { x: 1060, y: 110 },
  'reporting-service': { x: 1060, y: 390 },
};

/** The size of a node box (CSS .graph-node), for edges that end at its border. */
export const NODE_SIZE = { width: 150, height: 52 };

export const NODE_LABELS: Record<NodeId, string> = {
  client: 'clients (you, curl, webhooks)',
  'auth-service': 'auth',
  'order-service': 'order',
  'inventory-service': 'inventory',
  'notification-service': 'notification',
  'reporting-service': 'reporting',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
  redis: 'Redis (live feed)',
};

/**
 * Where along its edge a label sits when not in the middle: RabbitMQ → inventory and Kafka → order cross
 * at their midpoints, so one of them is labelled nearer its start.
 */
export const LABEL_ALONG: Partial<Record<string, number>> = { 'kafka--order-service': 0.3 };

/** The routes commlab has, drawn before any traffic: [from, to]. */
export const STATIC_SEGMENTS: [NodeId, NodeId][] = [
  ['client', 'order-service'],
  ['client', 'auth-service'],
  ['order-service', 'auth-service'],
  ['order-service', 'inventory-service'],
  ['order-service', 'rabbitmq'],
  ['rabbitmq', 'inventory-service'],
  ['order-service', 'kafka'],
  ['kafka', 'inventory-service'],
  ['inventory-service', 'kafka'],
  ['kafka', 'order-service'],
  ['rabbitmq', 'notification-service'],
  ['kafka', 'reporting-service'],
  ['order-service', 'client'],
  ['order-service', 'redis'],
  ['inventory-service', 'redis'],
  ['notification-service', 'redis'],
  ['reporting-service', 'redis'],
  ['auth-service', 'redis'],
];
