import { validateFields } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import type { z } from 'zod';

/**
 * Validates a request that arrived over any transport but HTTP (whose bodies go through the
 * ZodValidationPipe): gRPC, Kafka request-reply, RabbitMQ RPC. The same edge rule as HTTP
 * (`validateFields`: no control character in any string, then the schema). Failure is AppError
 * INVALID_REQUEST (invalid_argument: gRPC INVALID_ARGUMENT with `commlab-error-code`, or the broker RPC
 * error payload) naming every bad field.
 */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, request: unknown): z.infer<Schema> {
  const result = validateFields(schema, request);
  if (result.ok) return result.value;
  const { fields } = result;
  const list = fields
    .map(({ path, problem }) => `${path === '' ? '(request)' : path}: ${problem}`)
    .join('; ');
  throw new AppError({
    code: 'INVALID_REQUEST',
    kind: 'invalid_argument',
    message: `invalid request: ${list}`,
    details: { fields },
    cause: result.cause,
  });
}
