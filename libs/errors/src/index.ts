export { AppError, type AppErrorOptions, isAppError, isRetriable } from './app-error';
export { ERROR_KINDS, type ErrorKind, kindFromGrpcStatus, kindFromHttpStatus } from './error-kinds';
export {
  fromGrpcError,
  GRPC_ERROR_CODE_KEY,
  GRPC_ERROR_DETAILS_KEY,
  type GrpcErrorPayload,
  toGrpcError,
} from './grpc-error-metadata';
