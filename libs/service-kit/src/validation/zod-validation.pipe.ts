import { validateFields } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates a body, query or param against a zod schema, after the edge rule every request goes
 * through (`validateFields`: no control character in any string). Failure: 400 `VALIDATION_FAILED`
 * listing every bad field (`items[0].quantity: …`). Use strict object schemas so unknown fields are
 * rejected too.
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = validateFields(this.schema, value);
    if (result.ok) return result.value;
    const { fields } = result;
    const list = fields.map(({ path, problem }) => `${path === '' ? '(root)' : path}: ${problem}`).join('; ');
    throw new AppError({
      code: 'VALIDATION_FAILED',
      kind: 'invalid_argument',
      message: `invalid ${this.what}: ${list}`,
      details: { fields },
      cause: result.cause,
    });
  }
}
