/**
 * Nest injection token of the service's `ConsumerPolicy` (@commlab/messaging): the consumer group or
 * queue its consumers record in dead letters, and the retry policy of their failures — read from the
 * service's config at boot, the same way in every service.
 */
export const CONSUMER_POLICY = Symbol('CONSUMER_POLICY');
