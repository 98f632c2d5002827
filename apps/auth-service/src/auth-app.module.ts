import { LiveFeed } from '@commlab/messaging-redis';
import type { Database } from '@commlab/persistence';
import { LiveFeedModule } from '@commlab/messaging-nest';
import { ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { IssueServiceToken, SERVICE_CLIENTS } from './clients/issue-service-token.use-case';
import { serviceClients } from './clients/service-clients';
import { TokenHttpController } from './clients/token.http.controller';
import type { AuthConfig } from './config/auth.config';
import { CLOCK, type Clock, JOSE } from './injection-tokens';
import { JwksHttpController } from './keys/jwks.http.controller';
import { KeyRing } from './keys/key-ring';
import type { Jose } from './keys/load-jose';
import { AddressThrottle } from './login/address-throttle';
import { LoginAttemptsRepository } from './login/login-attempts.repository';
import { LoginHttpController } from './login/login.http.controller';
import { LogIn } from './login/log-in.use-case';
import { StoreErrorsInterceptor } from './store/store-errors.interceptor';
import { TokenIssuer } from './tokens/token-issuer';
import { VerifyTokenGrpcController } from './tokens/verify-token.grpc.controller';
import { VerifyTokenHttpController } from './tokens/verify-token.http.controller';
import { VerifyToken } from './tokens/verify-token.use-case';
import { PasswordHasher } from './users/password-hasher';
import { RegisterHttpController } from './users/register.http.controller';
import { RegisterUser } from './users/register-user.use-case';
import { UserRepository } from './users/user.repository';

export const SERVICE_NAME = 'auth-service';

/** What the module is built from: opened and loaded by startAuthService before Nest starts. */
export interface AuthAppDependencies {
  config: AuthConfig;
  database: Database;
  jose: Jose;
  keys: KeyRing;
  hasher: PasswordHasher;
  clock: Clock;
}

/** The auth-service root module over already opened resources (one class per started service). */
export function authAppModule(deps: AuthAppDependencies): Type {
  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service: SERVICE_NAME,
        logLevel: deps.config.LOG_LEVEL,
        config: deps.config,
        database: deps.database,
      }),
      // One fire-and-forget line per registration and login (Redis `commlab.live`).
      LiveFeedModule.forRoot(() => new LiveFeed({ url: deps.config.REDIS_URL, service: SERVICE_NAME })),
    ],
    controllers: [
      RegisterHttpController,
      LoginHttpController,
      VerifyTokenHttpController,
      VerifyTokenGrpcController,
      JwksHttpController,
      TokenHttpController,
    ],
    providers: [
      { provide: APP_INTERCEPTOR, useClass: StoreErrorsInterceptor },
      { provide: JOSE, useValue: deps.jose },
      { provide: CLOCK, useValue: deps.clock },
      { provide: KeyRing, useValue: deps.keys },
      { provide: PasswordHasher, useValue: deps.hasher },
      UserRepository,
      LoginAttemptsRepository,
      AddressThrottle,
      RegisterUser,
      LogIn,
      TokenIssuer,
      VerifyToken,
      { provide: SERVICE_CLIENTS, useValue: serviceClients(deps.config) },
      IssueServiceToken,
    ],
  })
  class AuthAppModule {}

  return AuthAppModule;
}
