import { expectedKafkaTopics, LISTEN_PORTS, type ServiceConfigSchema } from '@commlab/compose-check';
import {
  KAFKA_CONSUMER_GROUPS,
  KAFKA_GROUP_TOPICS,
  type KafkaConsumerGroup,
  PORTS,
  RABBITMQ_QUEUES,
  RABBITMQ_SUBSCRIPTIONS,
} from '@commlab/contracts';

/** The web console's port (the contract's, as every port). */
export const CONSOLE_HTTP_PORT = PORTS.console.http;

/** A port of a commlab workload that only some workloads may open connections to. */
export interface ProtectedPort {
  workload: string;
  /** The container port's name. */
  port: string;
  /** The workloads (by name) whose pods may connect; nothing else may. */
  allowedSources: readonly string[];
}

/** A workload's consumer groups with the topics each reads (KAFKA_GROUP_TOPICS). */
function groupsWithTopics(...groups: KafkaConsumerGroup[]): { group: string; topics: readonly string[] }[] {
  return groups.map((group) => ({ group, topics: KAFKA_GROUP_TOPICS[group] }));
}

/** What the rendered manifests are checked against: facts taken from the code and the compose stack. */
export interface K8sExpectations {
  /** Config schema of every commlab workload (Deployment name → the schema it validates at boot). */
  configSchemas: Record<string, ServiceConfigSchema>;
  /** Standard variables a library reads itself (the OpenTelemetry SDK), allowed beside the schema's. */
  libraryVariables: readonly string[];
  /** Variables holding credentials: they must come from a Secret. */
  secretVariables: readonly string[];
  /** Values every commlab workload must have (compose's REQUIRED_VALUES that hold in every overlay). */
  requiredValues: Record<string, string>;
  /** Each workload's HTTP port (probes, Services) and gRPC port, from PORTS. */
  httpPorts: Record<string, number>;
  grpcPorts: Record<string, number>;
  /** The config variables holding a workload's own listening ports, with their values from PORTS. */
  listenPorts: Record<string, Record<string, number>>;
  /** Topic → partitions (kafkaTopicLayout()). */
  kafkaTopics: ReadonlyMap<string, number>;
  /** The consumer groups of each workload and the topics each reads: replicas ≤ partitions. */
  kafkaConsumers: Record<string, readonly { group: string; topics: readonly string[] }[]>;
  /** The RabbitMQ queues each workload consumes (what a queue-depth scaler may watch). */
  rabbitConsumers: Record<string, readonly string[]>;
  protectedPorts: readonly ProtectedPort[];
  /** Images of docker-compose.yml's services, which the in-cluster brokers must use too. */
  composeImages: Record<string, string>;
  /** Which compose service each local workload stands for (kafka-topics → kafka-init, …). */
  composeCounterparts: Record<string, string>;
  /** The settings lines of infra/docker/rabbitmq/10-commlab.conf. */
  rabbitmqSettings: readonly string[];
  /** The databases infra/docker/postgres creates. */
  createdDatabases: readonly string[];
  /**
   * Secrets the production overlay reads but does not hold, created in the cluster as
   * docs/deploy-kubernetes.md says: name → keys.
   */
  documentedSecrets: Record<string, readonly string[]>;
}

/** The expectations for deploy/kubernetes, given the config schemas and the facts of the compose stack. */
export function k8sExpectations(options: {
  configSchemas: Record<string, ServiceConfigSchema>;
  composeImages: Record<string, string>;
  rabbitmqSettings: readonly string[];
  createdDatabases: readonly string[];
}): K8sExpectations {
  return {
    ...options,
    libraryVariables: ['OTEL_EXPORTER_OTLP_ENDPOINT'],
    secretVariables: [
      'DATABASE_URL',
      'RABBITMQ_URL',
      'AUTH_SIGNING_KEY',
      'AUTH_CLIENTS',
      'ORDER_CLIENT_SECRET',
      'WEBHOOK_SIGNING_SECRET',
    ],
    requiredValues: { BIND_HOST: '0.0.0.0', COMMLAB_ENV: 'production' },
    httpPorts: {
      'auth-service': PORTS.auth.http,
      'inventory-service': PORTS.inventory.http,
      'order-service': PORTS.order.http,
      'notification-service': PORTS.notification.http,
      'reporting-service': PORTS.reporting.http,
      console: CONSOLE_HTTP_PORT,
    },
    grpcPorts: { 'auth-service': PORTS.auth.grpc, 'inventory-service': PORTS.inventory.grpc },
    listenPorts: {
      ...LISTEN_PORTS,
      'notification-service': { NOTIFICATION_HTTP_PORT: PORTS.notification.http },
      'reporting-service': { REPORTING_HTTP_PORT: PORTS.reporting.http },
    },
    kafkaTopics: expectedKafkaTopics(),
    kafkaConsumers: {
      'reporting-service': groupsWithTopics(KAFKA_CONSUMER_GROUPS.reporting),
      // One reply partition per order instance (docs/kafka-request-reply.md).
      'order-service': groupsWithTopics(
        KAFKA_CONSUMER_GROUPS.order,
        KAFKA_CONSUMER_GROUPS.orderReserveStockReplies,
      ),
      // ReserveStock requests, and choreographed orders' OrderAccepted on `orders` (docs/architecture.md).
      'inventory-service': groupsWithTopics(
        KAFKA_CONSUMER_GROUPS.inventoryReserveStock,
        KAFKA_CONSUMER_GROUPS.inventoryOrderEvents,
      ),
    },
    rabbitConsumers: {
      'notification-service': [
        RABBITMQ_QUEUES.notificationsSend,
        RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue,
      ],
      'inventory-service': [
        RABBITMQ_QUEUES.inventoryCommands,
        RABBITMQ_QUEUES.inventoryRpc,
        RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue,
      ],
    },
    protectedPorts: [
      { workload: 'auth-service', port: 'grpc', allowedSources: ['order-service'] },
      { workload: 'inventory-service', port: 'grpc', allowedSources: ['order-service'] },
      // inventory-service fetches auth's JWKS to verify service tokens (stock adjustments).
      {
        workload: 'auth-service',
        port: 'http',
        allowedSources: ['order-service', 'inventory-service', 'console'],
      },
      { workload: 'inventory-service', port: 'http', allowedSources: ['order-service', 'console'] },
    ],
    composeCounterparts: {
      kafka: 'kafka',
      'kafka-topics': 'kafka-init',
      rabbitmq: 'rabbitmq',
      redis: 'redis',
      postgres: 'postgres',
      'auth-service': 'auth-service',
      'inventory-service': 'inventory-service',
      'order-service': 'order-service',
      'notification-service': 'notification-service',
      'reporting-service': 'reporting-service',
    },
    documentedSecrets: {
      'commlab-rabbitmq': ['RABBITMQ_URL'],
      'commlab-auth': ['AUTH_SIGNING_KEY', 'AUTH_CLIENTS'],
      'commlab-webhooks': ['WEBHOOK_SIGNING_SECRET'],
      'commlab-order-client': ['ORDER_CLIENT_SECRET'],
    },
  };
}
