import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { RegisterUser } from './register-user.use-case';
import {
  type RegisterBody,
  registerBodySchema,
  type RegisteredUser,
  registeredUserSchema,
} from './users.dto';

@ApiTags('auth')
@Controller('auth')
export class RegisterHttpController {
  constructor(private readonly registerUser: RegisterUser) {}

  @Post('register')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an account (password: 8–256 characters)' })
  @ApiZodBody(registerBodySchema)
  @ApiZodResponse(201, registeredUserSchema, 'the account was created')
  @ApiErrorResponses(400, 409, 413)
  register(@Body(new ZodValidationPipe(registerBodySchema)) body: RegisterBody): Promise<RegisteredUser> {
    return this.registerUser.execute(body);
  }
}
