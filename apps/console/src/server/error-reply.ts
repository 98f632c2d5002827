import { isAppError } from '@commlab/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';

import type { ApiProblem } from '../common/api';

/** Every failed API call answers `{code, message}`: an AppError's own, 400 for bad input, 500 otherwise. */
export function errorReply(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let status: number;
  let body: ApiProblem;
  if (isAppError(error)) {
    status = error.httpStatus;
    body = { code: error.code, message: error.message };
  } else if (error instanceof ZodError) {
    status = 400;
    body = {
      code: 'BAD_REQUEST',
      message: error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
    };
  } else if (((error as Partial<FastifyError>).statusCode ?? 500) < 500) {
    const { statusCode = 400, code, message } = error as FastifyError;
    status = statusCode;
    body = { code, message };
  } else {
    request.log.error({ err: error }, 'console API call failed');
    status = 500;
    body = { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  }
  return reply.status(status).send(body);
}
