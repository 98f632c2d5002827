import { LiveFeed } from '@commlab/messaging-redis';
import type { Database } from '@commlab/persistence';
import { LiveFeedModule } from '@commlab/messaging-nest';
import { ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import type { AuthConfig } from './config/auth.config';
import { AUTH_CONFIG, CLOCK, type Clock, JOSE } from './injection-tokens';
import { JwksHttpController } from './keys/jwks.http.controller';
import { KeyRing } from './keys/key-ring';
import type { Jose } from './keys/load-jose';
import { LoginAttemptsRepository } from './login/login-attempts.repository';
import { LoginHttpController } from './login/login.http.controller';
import { LoginService } from './login/login.service';
import { AUTH_DATABASE, AuthStoreModule } from './store/auth-store.module';
import { StoreErrorsInterceptor } from './store/store-errors.interceptor';
import { TokenIssuerService } from './tokens/token-issuer.service';
import { VerifyTokenGrpcController } from './tokens/verify-token.grpc.controller';
import { VerifyTokenHttpController } from './tokens/verify-token.http.controller';
import { VerifyTokenService } from './tokens/verify-token.service';
import { PasswordHasher } from './users/password-hasher';
import { RegisterHttpController } from './users/register.http.controller';
import { RegisterUserService } from './users/register-user.service';
import { UserRepository } from './users/user.repository';

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
export function createAuthAppModule(deps: AuthAppDependencies): Type {
  const store = AuthStoreModule.forStore(deps.database);

  @Module({
    imports: [
      store,
      ServiceKitModule.forRoot({
        service: 'auth-service',
        logLevel: deps.config.LOG_LEVEL,
        dependencyChecks: {
          imports: [store],
          inject: [AUTH_DATABASE],
          useFactory: (database: Database) => [{ name: 'database', check: () => database.ping() }],
        },
      }),
      // One fire-and-forget line per registration and login (Redis `commlab.live`).
      LiveFeedModule.forRoot(() => new LiveFeed({ url: deps.config.REDIS_URL, service: 'auth-service' })),
    ],
    controllers: [
      RegisterHttpController,
      LoginHttpController,
      VerifyTokenHttpController,
      VerifyTokenGrpcController,
      JwksHttpController,
    ],
    providers: [
      { provide: APP_INTERCEPTOR, useClass: StoreErrorsInterceptor },
      { provide: AUTH_CONFIG, useValue: deps.config },
      { provide: JOSE, useValue: deps.jose },
      { provide: CLOCK, useValue: deps.clock },
      { provide: KeyRing, useValue: deps.keys },
      { provide: PasswordHasher, useValue: deps.hasher },
      {
        provide: UserRepository,
        inject: [AUTH_DATABASE],
        useFactory: (db: Database) => new UserRepository(db),
      },
      {
        provide: LoginAttemptsRepository,
        inject: [AUTH_DATABASE],
        useFactory: (db: Database) => new LoginAttemptsRepository(db),
      },
      RegisterUserService,
      LoginService,
      TokenIssuerService,
      VerifyTokenService,
    ],
  })
  class AuthAppModule {}

  return AuthAppModule;
}
