import { PORTS } from '@commlab/contracts';

import type { ComposeExpectations, ServiceConfigSchema } from './compose-rules';
import { expectedKafkaTopics } from './kafka-topics';

/** Which compose service each infrastructure variable must point at. */
export const VARIABLE_TARGETS: Record<string, string> = {
  DATABASE_URL: 'postgres',
  KAFKA_BROKERS: 'kafka',
  RABBITMQ_URL: 'rabbitmq',
  REDIS_URL: 'redis',
  AUTH_GRPC_URL: 'auth-service',
  AUTH_HTTP_URL: 'auth-service',
  INVENTORY_GRPC_URL: 'inventory-service',
  INVENTORY_HTTP_URL: 'inventory-service',
  ORDER_HTTP_URL: 'order-service',
  NOTIFICATION_HTTP_URL: 'notification-service',
  REPORTING_HTTP_URL: 'reporting-service',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger',
};

/** Host ports of every compose service, from PORTS. */
export const PUBLISHED_PORTS: Record<string, readonly number[]> = {
  'order-service': [PORTS.order.http],
  'auth-service': [PORTS.auth.http, PORTS.auth.grpc],
  'inventory-service': [PORTS.inventory.http, PORTS.inventory.grpc],
  'notification-service': [PORTS.notification.http],
  'reporting-service': [PORTS.reporting.http],
  console: [PORTS.console.http],
  kafka: [PORTS.kafka],
  rabbitmq: [PORTS.rabbitmq, PORTS.rabbitmqManagement],
  redis: [PORTS.redis],
  postgres: [PORTS.postgres],
  jaeger: [PORTS.jaegerUi, PORTS.otlpHttp],
};

/** Each service's own port variables and their contract values. */
export const LISTEN_PORTS: Record<string, Record<string, number>> = {
  'order-service': { ORDER_HTTP_PORT: PORTS.order.http },
  'auth-service': { AUTH_HTTP_PORT: PORTS.auth.http, AUTH_GRPC_PORT: PORTS.auth.grpc },
  'inventory-service': {
    INVENTORY_HTTP_PORT: PORTS.inventory.http,
    INVENTORY_GRPC_PORT: PORTS.inventory.grpc,
  },
  console: { CONSOLE_PORT: PORTS.console.http },
};

/** What compose must set on every repo-built service so the stack works in containers. */
export const REQUIRED_VALUES: Record<string, string> = {
  BIND_HOST: '0.0.0.0',
  COMMLAB_ENV: 'production',
  SEED_DEMO_DATA: 'true',
};

/** The expectations for the real docker-compose.yml, given the services' config schemas. */
export function composeExpectations(
  configSchemas: Record<string, ServiceConfigSchema>,
  createdDatabases: readonly string[],
): ComposeExpectations {
  return {
    configSchemas,
    publishedPorts: PUBLISHED_PORTS,
    listenPorts: LISTEN_PORTS,
    variableTargets: VARIABLE_TARGETS,
    requiredValues: REQUIRED_VALUES,
    kafkaInit: { service: 'kafka-init', variable: 'COMMLAB_TOPICS', topics: expectedKafkaTopics() },
    createdDatabases,
  };
}

/** Database names an init SQL script creates (`CREATE DATABASE name;`). */
export function createdDatabaseNames(sql: string): string[] {
  const withoutComments = sql.replace(/--.*$/gm, '');
  return [...withoutComments.matchAll(/CREATE\s+DATABASE\s+"?([A-Za-z0-9_]+)"?/gi)].flatMap((match) =>
    match[1] === undefined ? [] : [match[1]],
  );
}
