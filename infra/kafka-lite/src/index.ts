export { startKafkaLite, KafkaLiteError, type KafkaLite, type KafkaLiteOptions } from './start-kafka-lite';
export type { KafkaLiteStats } from './server/stats';
export type { LogLevel } from './server/logger';
export { crc32c } from './protocol/crc32c';
