export * from './events';
export * from './names';
export * from './live';
export * from './asyncapi';
export * from './grpc';
/** One valid sample of every message type (tests, docs, tools). */
export { sampleMessages } from './events/testing/sample-messages';
export * from './validation';
