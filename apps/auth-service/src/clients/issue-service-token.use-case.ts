import { AppError } from '@commlab/errors';
import { Inject, Injectable } from '@nestjs/common';

import { type IssuedToken, TokenIssuer } from '../tokens/token-issuer';
import { secretMatches, type ServiceClient } from './service-clients';

/** Nest injection token of the configured service clients (AUTH_CLIENTS). */
export const SERVICE_CLIENTS = Symbol('SERVICE_CLIENTS');

/** A client credentials request, as RFC 6749 §4.4.2 names its parameters. */
export interface ServiceTokenRequest {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes asked for; unset: every scope the client may have. */
  scope?: string | undefined;
}

export interface ServiceToken extends IssuedToken {
  scope: string;
}

/** RFC 6749 §5.2's error codes, each with commlab's code and status. */
function invalidClient(): AppError {
  return new AppError({
    code: 'INVALID_CLIENT',
    kind: 'unauthenticated',
    message: 'unknown client or wrong client secret',
    details: { oauthError: 'invalid_client' },
  });
}

function invalidScope(scopes: readonly string[]): AppError {
  return new AppError({
    code: 'INVALID_SCOPE',
    kind: 'invalid_argument',
    message: `this client may not ask for ${scopes.join(', ')}`,
    details: { oauthError: 'invalid_scope', scopes: [...scopes] },
  });
}

/**
 * Use case: the OAuth 2.0 client credentials grant (RFC 6749 §4.4) — a service proves who it is with its
 * client id and secret and gets a short-lived access token for the scopes it may have (all of them, or the
 * ones it asks for). An unknown client and a wrong secret are the same 401 INVALID_CLIENT.
 */
@Injectable()
export class IssueServiceToken {
  constructor(
    @Inject(SERVICE_CLIENTS) private readonly clients: readonly ServiceClient[],
    private readonly tokens: TokenIssuer,
  ) {}

  async execute(request: ServiceTokenRequest): Promise<ServiceToken> {
    const client = this.clients.find((candidate) => candidate.id === request.clientId);
    // A wrong id still costs a comparison, so an unknown id and a wrong secret take the same time.
    const matches = secretMatches(client ?? { id: '', secret: '', scopes: [] }, request.clientSecret);
    if (client === undefined || !matches) throw invalidClient();
    const asked = (request.scope ?? '').split(' ').filter((scope) => scope !== '');
    const refused = asked.filter((scope) => !client.scopes.includes(scope));
    if (refused.length > 0) throw invalidScope(refused);
    const scopes = asked.length > 0 ? [...new Set(asked)] : client.scopes;
    return { ...(await this.tokens.issueForClient(client.id, scopes)), scope: scopes.join(' ') };
  }
}
