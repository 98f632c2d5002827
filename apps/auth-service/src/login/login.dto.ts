import { z } from 'zod';

import { emailSchema } from '../users/email';

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const issuedTokenSchema = z.object({
  accessToken: z.string().describe('a JWT (EdDSA), valid for expiresIn seconds'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds (900)'),
});
