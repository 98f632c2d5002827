import { CORRELATION_ID_HEADER } from '@commlab/contracts';
import type { Params } from 'nestjs-pino';

import { acceptCorrelationId, currentCorrelationId } from '../correlation/correlation-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The level of a request's access-log line: a failure at warn (4xx) or error (5xx, or no response), a
 * success at debug — one JSON line per successful request cost each service several ms of CPU per order
 * (serialize, write, the pipe to `pnpm start`'s log files). `LOG_LEVEL=debug` shows them again.
 */
export function accessLogLevel(statusCode: number, error: Error | undefined): 'error' | 'warn' | 'debug' {
  if (error !== undefined || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'debug';
}

/**
 * pino JSON logs: one line per failed request (every request at `LOG_LEVEL=debug`; never /health), every
 * line with the service name and the correlation id, Authorization headers redacted.
 */
export function loggerOptions(service: string, level: LogLevel): Params {
  return {
    pinoHttp: {
      level,
      name: service,
      // createServiceApp's Fastify genReqId already chose the id and left it on the raw request.
      genReqId: (request) =>
        typeof request.id === 'string'
          ? request.id
          : acceptCorrelationId(request.headers[CORRELATION_ID_HEADER]),
      customAttributeKeys: { reqId: 'correlationId' },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId === undefined ? {} : { correlationId };
      },
      autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
      customLogLevel: (_request, response, error) => accessLogLevel(response.statusCode, error),
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
    },
  };
}
