import { z } from 'zod';

import { cursorSchema } from '@commlab/service-kit';

import { DEAD_LETTERS_LIST, type StoredDeadLetter } from './dead-letter.repository';

export const deadLetterSchema = z.object({
  id: z.string(),
  queue: z.string().describe('the work queue it failed in (where a redrive sends it)'),
  deadLetterQueue: z.string(),
  reason: z.string(),
  errorCode: z.string().nullable(),
  attempts: z.number().int(),
  type: z.string().nullable().describe('the CloudEvents type (the NestJS pattern), when it had one'),
  messageId: z.string().nullable(),
  headers: z.record(z.string(), z.unknown()),
  body: z.string().describe('the message body as UTF-8 text'),
  deadLetteredAt: z.string(),
});
export type DeadLetterView = z.infer<typeof deadLetterSchema>;

export const deadLetterListSchema = z.object({
  deadLetters: z.array(deadLetterSchema),
  count: z.number().int().describe('how many are on this page'),
  nextCursor: z
    .string()
    .nullable()
    .describe('pass as ?cursor= (with the same queue) for the next page; null on the last page'),
});

export const deadLetterQuerySchema = z.strictObject({
  queue: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: cursorSchema(DEAD_LETTERS_LIST).optional(),
});

export const redriveQuerySchema = z.strictObject({ queue: z.string().min(1).optional() });

/** `{ids?}`; an empty body redrives every dead letter (of `?queue=`, if given). */
export const redriveBodyObjectSchema = z.strictObject({
  ids: z.array(z.string().min(1)).min(1).max(1000).optional(),
});
export const redriveBodySchema = redriveBodyObjectSchema.optional().transform((body) => body ?? {});

export const redriveResultSchema = z.object({
  redriven: z.array(
    z.object({
      id: z.string(),
      queue: z.string(),
      messageId: z.string().nullable(),
      type: z.string().nullable(),
    }),
  ),
  failed: z.array(z.object({ id: z.string(), queue: z.string(), error: z.string() })),
});
export type RedriveResult = z.infer<typeof redriveResultSchema>;

export function toDeadLetterView(letter: StoredDeadLetter): DeadLetterView {
  return {
    id: letter.id,
    queue: letter.queue,
    deadLetterQueue: letter.deadLetterQueue,
    reason: letter.reason,
    errorCode: letter.errorCode ?? null,
    attempts: letter.attempts,
    type: letter.type ?? null,
    messageId: letter.messageId ?? null,
    headers: letter.headers,
    body: letter.body.toString('utf8'),
    deadLetteredAt: letter.deadLetteredAt,
  };
}
