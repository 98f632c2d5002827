export { freePort } from './free-port';
export {
  DEFAULT_TEST_DATABASE_URL,
  requirePostgres,
  requireRabbitMq,
  requireRedis,
  ServerUnavailableError,
} from './require-server';
export {
  dropSchemas,
  type TestStore,
  throwawaySchemaName,
  type ThrowawayStore,
  throwawayStore,
} from './throwaway-schema';
export { waitFor, WaitForTimeoutError, type WaitForOptions } from './wait-for';
export { type ThrowawayVhost, throwawayVhost } from './throwaway-vhost';
export { withDeadLetterRetryInterval } from './dead-letter-retry-interval';
export { stackPorts } from './stack-ports';
export {
  type ExplainedWalk,
  explainingStore,
  indexRangeProblems,
  type KeysetPage,
  type PlannableStore,
  plansNotRangesOf,
  walkPagesExplained,
} from './query-plans';
