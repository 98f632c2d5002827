import {
  type AuthServiceController,
  AuthServiceControllerMethods,
  type VerifyTokenRequest,
  type VerifyTokenResponse,
} from '@commlab/contracts';
import { Controller } from '@nestjs/common';

import { VerifyTokenService } from './verify-token.service';

/** gRPC `commlab.auth.v1.AuthService/VerifyToken`: errors become status codes via the service-kit filter. */
@Controller()
@AuthServiceControllerMethods()
export class VerifyTokenGrpcController implements AuthServiceController {
  constructor(private readonly verifyTokenService: VerifyTokenService) {}

  verifyToken(request: VerifyTokenRequest): Promise<VerifyTokenResponse> {
    return this.verifyTokenService.verify(request.token);
  }
}
