export * from './events';
export * from './names';
export * from './grpc';
