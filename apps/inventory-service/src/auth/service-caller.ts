import type { AccessTokenClaims } from '@commlab/access-tokens';
import type { ExecutionContext } from '@nestjs/common';

/** Where ServiceTokenGuard leaves the verified caller on an HTTP request. */
const SERVICE_CALLER = Symbol('commlab:service-caller');

interface WithServiceCaller {
  [SERVICE_CALLER]?: AccessTokenClaims;
}

/** Keeps the claims of an authorized HTTP caller on its request, for handlers that record who called. */
export function attachServiceCaller(context: ExecutionContext, claims: AccessTokenClaims): void {
  if (context.getType() !== 'http') return;
  const request = context.switchToHttp().getRequest<WithServiceCaller>();
  request[SERVICE_CALLER] = claims;
}

/** The client id of the service whose token ServiceTokenGuard accepted for `request`, if any. */
export function serviceCallerOf(request: object): string | undefined {
  return (request as WithServiceCaller)[SERVICE_CALLER]?.sub;
}
