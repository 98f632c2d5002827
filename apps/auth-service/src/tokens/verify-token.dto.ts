import { z } from 'zod';

export const verifyTokenBodySchema = z.strictObject({
  token: z.string().describe('the access token (compact JWS) without the "Bearer " prefix'),
});
export type VerifyTokenBody = z.infer<typeof verifyTokenBodySchema>;

export const principalSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  expiresAtUnixSeconds: z.number().int(),
  scopes: z.array(z.string()),
});
