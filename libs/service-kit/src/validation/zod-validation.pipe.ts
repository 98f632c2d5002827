import { describeZodIssues } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates a body, query or param against a zod schema. Failure: 400 `VALIDATION_FAILED` listing every
 * bad field (`items[0].quantity: …`). Use strict object schemas so unknown fields are rejected too.
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const fields = describeZodIssues(result.error.issues, []);
    const list = fields.map(({ path, problem }) => `${path === '' ? '(root)' : path}: ${problem}`).join('; ');
    throw new AppError({
      code: 'VALIDATION_FAILED',
      kind: 'invalid_argument',
      message: `invalid ${this.what}: ${list}`,
      details: { fields },
      cause: result.error,
    });
  }
}
