import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { BookkeepingPruner, type BookkeepingPrunerOptions } from '@commlab/messaging';

/** Runs the pruner from bootstrap and stops it before the shutdown hooks that close the database. */
@Injectable()
export class BookkeepingPrunerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly pruner: BookkeepingPruner) {}

  onApplicationBootstrap(): void {
    this.pruner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pruner.stop();
  }
}

/**
 * Thin Nest binding of the framework-free `BookkeepingPruner`: the outbox's SENT rows and the inbox's
 * entries are pruned past their retention for the application's lifetime (`logger` defaults to Nest's).
 */
@Module({})
export class BookkeepingModule {
  static forRoot(options: BookkeepingPrunerOptions): DynamicModule {
    return {
      module: BookkeepingModule,
      providers: [
        {
          provide: BookkeepingPruner,
          useFactory: () => new BookkeepingPruner({ logger: new Logger(BookkeepingPruner.name), ...options }),
        },
        BookkeepingPrunerLifecycle,
      ],
      exports: [BookkeepingPruner],
    };
  }
}
