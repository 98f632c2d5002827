import { AppError } from '@commlab/errors';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

import { DEPENDENCY_CHECKS, type DependencyCheck } from './health-check';

const CHECK_TIMEOUT_MS = 2000;

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness: 200 when every dependency answers, 503 naming the ones that do not. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DEPENDENCY_CHECKS) private readonly checks: DependencyCheck[],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness, including every dependency of this service' })
  async check() {
    try {
      return await this.checkAll();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus's body ({status, info, error, details}) goes in `details` of the usual error shape.
      const report = error.getResponse() as { error?: Record<string, unknown> };
      const down = Object.keys(report.error ?? {});
      throw new AppError({
        code: 'UNHEALTHY',
        kind: 'unavailable',
        message: `not ready: ${down.join(', ')} down`,
        details: report,
        cause: error,
      });
    }
  }

  private async checkAll() {
    return this.health.check(
      this.checks.map(({ name, check }) => async () => {
        const indicator = this.indicators.check(name);
        try {
          await within(check(), CHECK_TIMEOUT_MS);
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  }
}
