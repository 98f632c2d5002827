import { AppError, kindFromHttpStatus } from '@commlab/errors';
import { HttpException } from '@nestjs/common';

/** The JSON every commlab HTTP error answers with (docs/architecture.md, "The map"). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE_CONTENT',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

function fromStatus(status: number, message: string): ErrorBody {
  return {
    statusCode: status,
    code: STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
    message,
  };
}

/**
 * Turns anything thrown (Fastify's own request errors — body too large, wrong media type — reach here
 * as HttpExceptions, mapped by Nest) into the error body and tells whether it is a server fault worth logging with its
 * stack. Unknown errors answer 500 with a generic message: internals never leak to clients.
 */
export function toErrorBody(error: unknown): {
  body: ErrorBody;
  serverFault: boolean;
  retryAfterSeconds?: number;
} {
  if (error instanceof AppError) {
    const body: ErrorBody = { statusCode: error.httpStatus, code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return {
      body,
      serverFault: kindFromHttpStatus(error.httpStatus) === 'internal',
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && 'message' in response && typeof response.message === 'string'
        ? response.message
        : error.message;
    return { body: fromStatus(status, message), serverFault: status >= 500 };
  }
  return { body: { statusCode: 500, code: 'INTERNAL', message: 'internal error' }, serverFault: true };
}
