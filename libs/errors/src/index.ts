export { AppError, type AppErrorOptions, isAppError, isRetriable } from './app-error';
export { ERROR_KINDS, type ErrorKind, kindFromGrpcStatus, kindFromHttpStatus } from './error-kinds';
export { fromGrpcError, type GrpcErrorPayload, toGrpcError } from './grpc-error-metadata';
