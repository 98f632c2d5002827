import { AppError } from '@commlab/errors';
import { ApiErrorResponses, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, Headers, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IssueServiceToken, type ServiceTokenRequest } from './issue-service-token.use-case';
import { OAuthErrorFilter } from './oauth-error.filter';

/** The token request's parameters (form-urlencoded, as RFC 6749 says; JSON is accepted too). */
const tokenRequestSchema = z.strictObject({
  grant_type: z.string().min(1).max(64),
  scope: z.string().max(512).optional(),
  client_id: z.string().max(128).optional(),
  client_secret: z.string().max(512).optional(),
});
type TokenRequestBody = z.infer<typeof tokenRequestSchema>;

export const serviceTokenSchema = z.object({
  access_token: z.string().describe('a JWT (EdDSA) with sub = client_id = the client'),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('seconds (300)'),
  scope: z.string().describe('the granted scopes, space-separated'),
});

interface NoStoreReply {
  header(name: string, value: string): unknown;
}

/** `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1), or undefined when absent. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

function invalidRequest(message: string, oauthError = 'invalid_request'): AppError {
  return new AppError({
    code: oauthError === 'unsupported_grant_type' ? 'UNSUPPORTED_GRANT_TYPE' : 'INVALID_REQUEST',
    kind: 'invalid_argument',
    message,
    details: { oauthError },
  });
}

/** The client credentials grant, mapped from its HTTP form (the use case does the work). */
function tokenRequest(body: TokenRequestBody, authorization: string | undefined): ServiceTokenRequest {
  if (body.grant_type !== 'client_credentials') {
    throw invalidRequest(
      `grant_type ${body.grant_type} is not supported here: use client_credentials`,
      'unsupported_grant_type',
    );
  }
  const basic = basicCredentials(authorization);
  if (basic !== undefined && (body.client_id !== undefined || body.client_secret !== undefined)) {
    throw invalidRequest('authenticate the client once: HTTP Basic or client_id/client_secret, not both');
  }
  const id = basic?.id ?? body.client_id;
  const secret = basic?.secret ?? body.client_secret;
  if (id === undefined || secret === undefined) {
    throw new AppError({
      code: 'INVALID_CLIENT',
      kind: 'unauthenticated',
      message: 'authenticate the client: HTTP Basic, or client_id and client_secret in the body',
      details: { oauthError: 'invalid_client' },
    });
  }
  return { clientId: id, clientSecret: secret, scope: body.scope };
}

@ApiTags('oauth')
@Controller('oauth')
@UseFilters(OAuthErrorFilter)
export class TokenHttpController {
  constructor(private readonly issueServiceToken: IssueServiceToken) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'OAuth 2.0 client credentials grant (RFC 6749 §4.4): a short-lived token for a service',
    description:
      'grant_type=client_credentials, the client authenticated with HTTP Basic or client_id/client_secret, ' +
      'optional scope. Errors follow RFC 6749 §5.2 (error, error_description).',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiZodResponse(200, serviceTokenSchema, 'the access token (Cache-Control: no-store)')
  @ApiErrorResponses(400, 401)
  async token(
    @Body(new ZodValidationPipe(tokenRequestSchema)) body: TokenRequestBody,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: NoStoreReply,
  ): Promise<z.infer<typeof serviceTokenSchema>> {
    const token = await this.issueServiceToken.execute(tokenRequest(body, authorization));
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    return {
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: token.expiresIn,
      scope: token.scope,
    };
  }
}
