/**
 * Header and metadata names that cross service boundaries. The correlation id travels as an HTTP header
 * and as gRPC metadata under the same (lowercase) name; on brokers it is the envelope's `correlationid`.
 */
export const CORRELATION_ID_HEADER = 'x-correlation-id';
