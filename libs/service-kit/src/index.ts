export {
  createServiceApp,
  DEFAULT_BODY_LIMIT_BYTES,
  type ServiceApp,
  type ServiceAppOptions,
} from './bootstrap/create-service-app';
export {
  acceptCorrelationId,
  correlationHeaders,
  correlationMetadata,
  currentCorrelationId,
  runWithCorrelationId,
} from './correlation/correlation-context';
export { CorrelationInterceptor } from './correlation/correlation.interceptor';
export { flushTraces } from './tracing/flush-traces';
export {
  annotateActiveSpan,
  CORRELATION_ID_ATTRIBUTE,
  ORDER_ID_ATTRIBUTE,
} from './tracing/trace-attributes.interceptor';
export { callWithDeadline } from './grpc/call-with-deadline';
export { AllExceptionsFilter } from './errors/all-exceptions.filter';
export { type ErrorBody, toErrorBody } from './errors/error-body';
export { fromStoreInputError } from './errors/store-input-error';
export {
  fromRpcErrorPayload,
  isBrokerRpcContext,
  type RpcErrorPayload,
  toRpcErrorPayload,
} from './errors/rpc-error-payload';
export { DEPENDENCY_CHECKS, type DependencyCheck } from './health/health-check';
export { type LogLevel, loggerOptions } from './logging/logger-options';
export { ServiceKitModule, type ServiceKitOptions } from './service-kit.module';
export {
  ApiErrorResponses,
  ApiZodBody,
  ApiZodResponse,
  errorBodySchema,
  openApiSchema,
} from './validation/api-zod';
export { ZodValidationPipe } from './validation/zod-validation.pipe';
export { runServiceMain, type RunServiceMainOptions } from './bootstrap/run-service-main';
export { SERVICE_CONFIG } from './config/service-config.module';
export { DATABASE, StoreModule } from './database/store.module';
export {
  IN_MEMORY_DATA_DIR,
  openServiceStore,
  startOnStore,
  type ServiceStoreOptions,
  type ServiceStoreSettings,
} from './database/open-service-store';
export {
  cursorSchema,
  cursorTimeSql,
  decodeCursor,
  encodeCursor,
  type KeysetPosition,
  type Page,
  toPage,
} from './pagination/cursor';
