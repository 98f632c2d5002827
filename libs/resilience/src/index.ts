/**
 * @commlab/resilience — small, dependency-free building blocks for code that waits and retries: the
 * clock, retry and backoff policies, bounded waits, one-line error descriptions. Used by the messaging
 * packages, webhooks and services alike, without pulling in a broker client or a framework.
 */
export { type Clock, systemClock } from './clock';
export { describeError } from './describe-error';
export {
  assertBackoffPolicy,
  type BackoffPolicy,
  DEFAULT_RETRY_POLICY,
  nextDelayMs,
  type RetryPolicy,
  retryPolicy,
} from './retry-policy';
export { settlesWithin } from './settles-within';
export {
  deleteInBatches,
  RecurringJob,
  type RecurringJobLogger,
  type RecurringJobOptions,
} from './recurring-job';
