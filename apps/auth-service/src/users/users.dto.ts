import { z } from 'zod';

import { emailSchema } from './email';

/** 8–256 characters (OWASP: at least 8, long passphrases allowed); no composition rules. */
export const newPasswordSchema = z.string().min(8).max(256);

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema,
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

export const registeredUserSchema = z.object({
  userId: z.uuid(),
  email: z.string().describe('normalized: trimmed, lower-case'),
});
export type RegisteredUser = z.infer<typeof registeredUserSchema>;
