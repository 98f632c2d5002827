import { describeZodIssues } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import type { z } from 'zod';

/** Validates a gRPC request; failure is INVALID_ARGUMENT with `commlab-error-code: INVALID_REQUEST`. */
export function parseGrpcRequest<Schema extends z.ZodType>(
  schema: Schema,
  request: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const fields = describeZodIssues(result.error.issues, []);
  const list = fields
    .map(({ path, problem }) => `${path === '' ? '(request)' : path}: ${problem}`)
    .join('; ');
  throw new AppError({
    code: 'INVALID_REQUEST',
    kind: 'invalid_argument',
    message: `invalid request: ${list}`,
    details: { fields },
    cause: result.error,
  });
}
