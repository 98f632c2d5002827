import {
  type AuthServiceController,
  AuthServiceControllerMethods,
  type VerifyTokenRequest,
  type VerifyTokenResponse,
} from '@commlab/contracts';
import { Controller } from '@nestjs/common';

import { VerifyToken } from './verify-token.use-case';

/** gRPC `commlab.auth.v1.AuthService/VerifyToken`: errors become status codes via the service-kit filter. */
@Controller()
@AuthServiceControllerMethods()
export class VerifyTokenGrpcController implements AuthServiceController {
  constructor(private readonly verify: VerifyToken) {}

  verifyToken(request: VerifyTokenRequest): Promise<VerifyTokenResponse> {
    return this.verify.execute(request.token);
  }
}
