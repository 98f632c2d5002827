import { DEMO_USER } from './demo-user';

/**
 * What the token scenarios do with a verified token's principal (gRPC/REST answer, or the JWT's claims):
 * check it is the demo user the bench logged in as; anything else throws.
 */
export function checkPrincipal(principal: { userId?: unknown; email?: unknown }): void {
  if (typeof principal.userId !== 'string' || principal.userId === '' || principal.email !== DEMO_USER.email)
    throw new Error(`unexpected principal ${JSON.stringify(principal)}`);
}
