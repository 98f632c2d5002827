import { Inject, Injectable } from '@nestjs/common';

import { bearerToken } from './bearer-token';
import { type AuthMode, type Principal, TOKEN_VERIFIERS, type TokenVerifier } from './principal';

/** Who is calling: the bearer token, verified the way the request asks (`?auth=grpc|rest|jwks`). */
@Injectable()
export class AuthenticateCaller {
  private readonly byMode: Map<AuthMode, TokenVerifier>;

  constructor(@Inject(TOKEN_VERIFIERS) verifiers: TokenVerifier[]) {
    this.byMode = new Map(verifiers.map((verifier) => [verifier.mode, verifier]));
  }

  async execute(authorization: string | undefined, mode: AuthMode): Promise<Principal> {
    const token = bearerToken(authorization);
    const verifier = this.byMode.get(mode);
    if (verifier === undefined) throw new Error(`no token verifier for mode ${mode}`);
    return verifier.verify(token);
  }
}
