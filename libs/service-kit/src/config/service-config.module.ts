import { type DynamicModule, Global, Module } from '@nestjs/common';

/**
 * Nest injection token of the service's validated config (the object `loadConfig(schema)` returned at
 * boot): `@Inject(SERVICE_CONFIG) config: OrderConfig`. Every service provides it the same way, through
 * ServiceKitModule's `config`.
 */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Makes the validated config injectable everywhere (global). */
@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
