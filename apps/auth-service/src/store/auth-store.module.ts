import type { Database } from '@commlab/persistence';
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

/** Nest token of the service's SQL store (`Database` from @commlab/persistence). */
export const AUTH_DATABASE = Symbol('AUTH_DATABASE');

/** Closes the store when the app shuts down (SIGTERM through Nest's shutdown hooks, or close()). */
@Injectable()
class CloseStoreOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(AUTH_DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** Makes the already opened store injectable everywhere and closes it with the app. */
@Module({})
export class AuthStoreModule {
  static forStore(database: Database): DynamicModule {
    return {
      module: AuthStoreModule,
      global: true,
      providers: [{ provide: AUTH_DATABASE, useValue: database }, CloseStoreOnShutdown],
      exports: [AUTH_DATABASE],
    };
  }
}
