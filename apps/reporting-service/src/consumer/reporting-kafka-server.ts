/** Nest injection token of reporting's Kafka server (a ResilientKafkaServer). */
export const REPORTING_KAFKA_SERVER = Symbol('REPORTING_KAFKA_SERVER');
