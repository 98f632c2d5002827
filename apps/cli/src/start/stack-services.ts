import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { PORTS, type ServiceName, SERVICE_NAMES } from '@commlab/contracts';

export type Dependency = 'kafka' | 'rabbitmq' | 'redis';

export interface StackService {
  name: ServiceName;
  httpPort: number;
  grpcPort?: number;
  /** Brokers the service cannot start without. */
  needs: readonly Dependency[];
}

/** What each service of DESIGN.md §3 listens on and needs, in boot order. */
export const STACK_SERVICES: Record<ServiceName, StackService> = {
  'auth-service': { name: 'auth-service', httpPort: PORTS.auth.http, grpcPort: PORTS.auth.grpc, needs: [] },
  'inventory-service': {
    name: 'inventory-service',
    httpPort: PORTS.inventory.http,
    grpcPort: PORTS.inventory.grpc,
    needs: ['kafka', 'rabbitmq', 'redis'],
  },
  'order-service': {
    name: 'order-service',
    httpPort: PORTS.order.http,
    needs: ['kafka', 'rabbitmq', 'redis'],
  },
  'notification-service': {
    name: 'notification-service',
    httpPort: PORTS.notification.http,
    needs: ['rabbitmq', 'redis'],
  },
  'reporting-service': {
    name: 'reporting-service',
    httpPort: PORTS.reporting.http,
    needs: ['kafka', 'redis'],
  },
};

export interface ServicePresence {
  service: StackService;
  /** The service's entry point, when the service exists in this checkout. */
  entry: string | undefined;
}

/** Which services exist in this checkout: a service exists once `apps/<name>/src/main.ts` does. */
export function findServices(root: string): ServicePresence[] {
  return SERVICE_NAMES.map((name) => {
    const entry = join(root, 'apps', name, 'src', 'main.ts');
    return { service: STACK_SERVICES[name], entry: existsSync(entry) ? entry : undefined };
  });
}
