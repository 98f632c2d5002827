import { CORRELATION_ID_HEADER } from '@commlab/contracts';
import type { Params } from 'nestjs-pino';

import { acceptCorrelationId, currentCorrelationId } from '../correlation/correlation-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * pino JSON logs: one line per request (not for /health), every line with the service name and the
 * correlation id, Authorization headers redacted.
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
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
    },
  };
}
