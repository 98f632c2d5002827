import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { IssuedToken } from '../tokens/token-issuer';
import { issuedTokenSchema, type LoginBody, loginBodySchema } from './login.dto';
import { LogIn } from './log-in.use-case';

@ApiTags('auth')
@Controller('auth')
export class LoginHttpController {
  constructor(private readonly logIn: LogIn) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: an access token for email + password (throttled per account)' })
  @ApiZodBody(loginBodySchema)
  @ApiZodResponse(200, issuedTokenSchema, 'the access token')
  @ApiErrorResponses(400, 401, 429)
  login(@Body(new ZodValidationPipe(loginBodySchema)) body: LoginBody): Promise<IssuedToken> {
    return this.logIn.execute(body);
  }
}
