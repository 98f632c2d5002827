export {
  bookkeepingConfigFields,
  type BookkeepingSettings,
  bookkeepingSettings,
  inboxBookkeepingConfigFields,
} from './bookkeeping.config';
export { ConfigError, type ConfigIssue } from './config-error';
export * as env from './fields';
export {
  infrastructureConfigSchema,
  type InfrastructureConfig,
  shouldSeedDemoData,
} from './infrastructure.config';
export { loadConfig } from './load-config';
export { processEnv, type Environment } from './process-env';
export {
  kafkaConsumerConfigFields,
  type KafkaConsumerSettings,
  kafkaConsumerSettings,
} from './kafka-consumer.config';
export {
  rabbitMqConsumerConfigFields,
  type RabbitMqConsumerDefaults,
  type RabbitMqConsumerSettings,
  rabbitMqConsumerSettings,
} from './rabbitmq-consumer.config';
export {
  otlpTracesUrl,
  TRACE_SAMPLERS,
  type TraceSamplerName,
  type TracingConfig,
  tracingConfigSchema,
} from './tracing.config';
