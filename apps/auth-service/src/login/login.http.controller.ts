import {
  ApiErrorResponses,
  ApiZodBody,
  ApiZodResponse,
  SERVICE_CONFIG,
  ZodValidationPipe,
} from '@commlab/service-kit';
import { Body, Controller, Headers, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { AuthConfig } from '../config/auth.config';
import type { IssuedToken } from '../tokens/token-issuer';
import { clientAddress } from './client-address';
import { issuedTokenSchema, type LoginBody, loginBodySchema } from './login.dto';
import { LogIn } from './log-in.use-case';

@ApiTags('auth')
@Controller('auth')
export class LoginHttpController {
  constructor(
    private readonly logIn: LogIn,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in: an access token for email + password (throttled per account and per client address)',
  })
  @ApiZodBody(loginBodySchema)
  @ApiZodResponse(200, issuedTokenSchema, 'the access token')
  @ApiErrorResponses(400, 401, 429)
  login(
    @Body(new ZodValidationPipe(loginBodySchema)) body: LoginBody,
    @Ip() socketAddress: string | undefined,
    @Headers('x-forwarded-for') forwardedFor: string | undefined,
  ): Promise<IssuedToken> {
    const client = clientAddress(socketAddress, forwardedFor, this.config.AUTH_TRUSTED_PROXY_HOPS);
    return this.logIn.execute(body, client);
  }
}
