import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Principal } from './access-token';
import { principalSchema, type VerifyTokenBody, verifyTokenBodySchema } from './verify-token.dto';
import { VerifyToken } from './verify-token.use-case';

/** REST twin of gRPC VerifyToken. */
@ApiTags('auth')
@Controller('auth')
export class VerifyTokenHttpController {
  constructor(private readonly verifyToken: VerifyToken) {}

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify an access token and return its principal' })
  @ApiZodBody(verifyTokenBodySchema)
  @ApiZodResponse(200, principalSchema, 'the token is valid')
  @ApiErrorResponses(400, 401)
  verify(@Body(new ZodValidationPipe(verifyTokenBodySchema)) body: VerifyTokenBody): Promise<Principal> {
    return this.verifyToken.execute(body.token);
  }
}
