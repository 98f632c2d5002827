import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type ServiceName, SERVICE_NAMES } from '@commlab/contracts';
import type { Dependency } from '@commlab/stack-ops';

import type { StartConfig } from './start.config';

export interface StackService {
  name: ServiceName;
  httpPort: number;
  grpcPort?: number;
  /** Brokers the service cannot start without (updated as the async issues land). */
  needs: readonly Dependency[];
}

/** What each service (docs/architecture.md, "The map") listens on and needs, in boot order. */
export function stackServices(config: StartConfig): Record<ServiceName, StackService> {
  return {
    'auth-service': {
      name: 'auth-service',
      httpPort: config.AUTH_HTTP_PORT,
      grpcPort: config.AUTH_GRPC_PORT,
      needs: [],
    },
    'inventory-service': {
      name: 'inventory-service',
      httpPort: config.INVENTORY_HTTP_PORT,
      grpcPort: config.INVENTORY_GRPC_PORT,
      needs: [],
    },
    'order-service': { name: 'order-service', httpPort: config.ORDER_HTTP_PORT, needs: [] },
    'notification-service': {
      name: 'notification-service',
      httpPort: config.NOTIFICATION_HTTP_PORT,
      needs: ['rabbitmq', 'redis'],
    },
    'reporting-service': {
      name: 'reporting-service',
      httpPort: config.REPORTING_HTTP_PORT,
      needs: ['kafka'],
    },
  };
}

export interface ServicePresence {
  service: StackService;
  /** The service's entry point, when the service exists in this checkout. */
  entry: string | undefined;
}

/** Which services exist in this checkout: a service exists once `apps/<name>/src/main.ts` does. */
export function findServices(root: string, config: StartConfig): ServicePresence[] {
  const services = stackServices(config);
  return SERVICE_NAMES.map((name) => {
    const entry = join(root, 'apps', name, 'src', 'main.ts');
    return { service: services[name], entry: existsSync(entry) ? entry : undefined };
  });
}
