/** Default ports of every service and broker (docs/architecture.md, "The map"). Config uses these as defaults. */
export const PORTS = {
  order: { http: 3000 },
  auth: { http: 3001, grpc: 50051 },
  inventory: { http: 3002, grpc: 50052 },
  notification: { http: 3003 },
  reporting: { http: 3004 },
  /** The console (apps/console): the web page and its API. */
  console: { http: 8080 },
  kafka: 9092,
  rabbitmq: 5672,
  rabbitmqManagement: 15672,
  redis: 6379,
  postgres: 5432,
  /** OTLP over HTTP: the trace store of `pnpm start`, or Jaeger in compose. */
  otlpHttp: 4318,
  /** Jaeger's UI in compose. */
  jaegerUi: 16686,
} as const;

/**
 * Every port variable of `pnpm start` (kafka-lite, the trace store, the services, the console): what a
 * stack of its own (a test's, `pnpm chaos`'s) sets to move all of its ports.
 */
export const STACK_PORT_VARIABLES = [
  'KAFKA_LITE_PORT',
  'TRACE_STORE_PORT',
  'AUTH_HTTP_PORT',
  'AUTH_GRPC_PORT',
  'INVENTORY_HTTP_PORT',
  'INVENTORY_GRPC_PORT',
  'ORDER_HTTP_PORT',
  'NOTIFICATION_HTTP_PORT',
  'REPORTING_HTTP_PORT',
  'CONSOLE_PORT',
] as const;
export type StackPortVariable = (typeof STACK_PORT_VARIABLES)[number];

/** The five services, in the order `pnpm start` boots them (dependencies first). */
export const SERVICE_NAMES = [
  'auth-service',
  'inventory-service',
  'order-service',
  'notification-service',
  'reporting-service',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
