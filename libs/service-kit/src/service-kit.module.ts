import type { Database } from '@commlab/persistence';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';

import { CorrelationInterceptor } from './correlation/correlation.interceptor';
import { ServiceConfigModule } from './config/service-config.module';
import { StoreModule } from './database/store.module';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { DEPENDENCY_CHECKS, type DependencyCheck } from './health/health-check';
import { HealthController } from './health/health.controller';
import { type LogLevel, loggerOptions } from './logging/logger-options';
import { UndecodableGrpcRequestInterceptor } from './grpc/undecodable-request';
import { RpcAccessLogInterceptor } from './logging/rpc-access-log.interceptor';
import { TraceFlusher } from './tracing/flush-traces';
import { TraceAttributesInterceptor } from './tracing/trace-attributes.interceptor';

export interface ServiceKitOptions {
  service: string;
  logLevel: LogLevel;
  /** The service's validated config, injectable everywhere as SERVICE_CONFIG. */
  config?: object;
  /**
   * The service's one store, already open: injectable everywhere as DATABASE (StoreModule), closed at
   * shutdown, and checked by /health as `database`.
   */
  database?: Database;
  /** More dependencies /health checks (e.g. `rabbitmq` for a service that consumes queues). */
  checks?: readonly DependencyCheck[];
}

/**
 * What every commlab service imports once: pino logging with correlation ids (and trace ids, from the
 * pino instrumentation), the error filter, the correlation interceptor, the trace attributes (route,
 * correlation id) and the flush of the last spans at shutdown, GET /health, and — given them — the service's config (SERVICE_CONFIG) and
 * store (DATABASE).
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { database } = options;
    const checks: DependencyCheck[] = [
      ...(database === undefined ? [] : [{ name: 'database', check: () => database.ping() }]),
      ...(options.checks ?? []),
    ];
    return {
      module: ServiceKitModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(options.service, options.logLevel)),
        TerminusModule,
        ...(options.config === undefined ? [] : [ServiceConfigModule.forRoot(options.config)]),
        ...(database === undefined ? [] : [StoreModule.forRoot(database)]),
      ],
      controllers: [HealthController],
      providers: [
        { provide: DEPENDENCY_CHECKS, useValue: checks },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor },
        { provide: APP_INTERCEPTOR, useClass: UndecodableGrpcRequestInterceptor },
        { provide: APP_INTERCEPTOR, useClass: TraceAttributesInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RpcAccessLogInterceptor },
        TraceFlusher,
      ],
    };
  }
}
