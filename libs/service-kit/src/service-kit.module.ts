import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';

import { CorrelationInterceptor } from './correlation/correlation.interceptor';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { DEPENDENCY_CHECKS, type DependencyCheck } from './health/health-check';
import { HealthController } from './health/health.controller';
import { type LogLevel, loggerOptions } from './logging/logger-options';
import { RpcAccessLogInterceptor } from './logging/rpc-access-log.interceptor';

export interface ServiceKitOptions {
  service: string;
  logLevel: LogLevel;
  /**
   * The DependencyCheck[] for /health, built from the service's own providers: name the modules that
   * export them in `imports` and the tokens in `inject`. Omit for a service with no dependencies.
   */
  dependencyChecks?: {
    imports?: ModuleMetadata['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => DependencyCheck[] | Promise<DependencyCheck[]>;
  };
}

/**
 * What every commlab service imports once: pino logging with correlation ids, the error filter,
 * the correlation interceptor and GET /health.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { dependencyChecks } = options;
    const checks: Provider = dependencyChecks
      ? {
          provide: DEPENDENCY_CHECKS,
          inject: dependencyChecks.inject ?? [],
          useFactory: dependencyChecks.useFactory as (...deps: unknown[]) => Promise<DependencyCheck[]>,
        }
      : { provide: DEPENDENCY_CHECKS, useValue: [] };
    return {
      module: ServiceKitModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(options.service, options.logLevel)),
        TerminusModule,
        ...(dependencyChecks?.imports ?? []),
      ],
      controllers: [HealthController],
      providers: [
        checks,
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RpcAccessLogInterceptor },
      ],
    };
  }
}
