import type { Database } from '@commlab/persistence';
import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Nest injection token of the service's own `Database` (each service has exactly one store). */
export const DATABASE = Symbol('DATABASE');

/** Closes the store when the app shuts down (SIGTERM, `close()`), after the servers stopped. */
@Injectable()
class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** Makes the already-open store injectable everywhere (global) and closes it at shutdown. */
@Global()
@Module({})
export class StoreModule {
  static forRoot(database: Database): DynamicModule {
    return {
      module: StoreModule,
      providers: [{ provide: DATABASE, useValue: database }, StoreCloser],
      exports: [DATABASE],
    };
  }
}
