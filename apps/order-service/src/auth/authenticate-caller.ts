import { EventPublisher } from '@commlab/messaging';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { reportDownstreamCall } from '../live/downstream-call';
import { bearerToken } from './bearer-token';
import { type AuthMode, type Principal, TOKEN_VERIFIERS, type TokenVerifier } from './principal';

/**
 * Who is calling: the bearer token, verified the way the request asks (`?auth=grpc|rest|jwks`); each
 * verification is one `call.completed` line on the live feed.
 */
@Injectable()
export class AuthenticateCaller {
  private readonly byMode: Map<AuthMode, TokenVerifier>;

  constructor(
    @Inject(TOKEN_VERIFIERS) verifiers: TokenVerifier[],
    @Optional() private readonly events?: EventPublisher,
  ) {
    this.byMode = new Map(verifiers.map((verifier) => [verifier.mode, verifier]));
  }

  async execute(authorization: string | undefined, mode: AuthMode): Promise<Principal> {
    const token = bearerToken(authorization);
    const verifier = this.byMode.get(mode);
    if (verifier === undefined) throw new Error(`no token verifier for mode ${mode}`);
    return reportDownstreamCall(
      this.events,
      { to: 'auth-service', operation: 'VerifyToken', transport: mode, local: mode === 'jwks' },
      () => verifier.verify(token),
    );
  }
}
