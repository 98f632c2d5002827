import { applyDecorators } from '@nestjs/common';
import { ApiBody, type ApiBodyOptions, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** @nestjs/swagger does not export SchemaObject from its entry point; take it from ApiBody's options. */
type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/** zod → OpenAPI, so /docs shows the same schema the pipe enforces (one source of truth). */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
  });
  return jsonSchema as SchemaObject;
}

export function ApiZodBody(schema: z.ZodType, description?: string) {
  return ApiBody({ schema: openApiSchema(schema), ...(description === undefined ? {} : { description }) });
}

export function ApiZodResponse(status: number, schema: z.ZodType, description: string) {
  return applyDecorators(ApiResponse({ status, description, schema: openApiSchema(schema) }));
}

/** The error body every endpoint may answer with. */
export const errorBodySchema = z.object({
  statusCode: z.number().int(),
  code: z.string().describe('stable, upper-snake error code'),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: 'error', schema: openApiSchema(errorBodySchema) }),
    ),
  );
}
