/** One dependency /health checks: resolve when it is usable, throw (with a reason) when it is not. */
export interface DependencyCheck {
  /** Shown in the /health body: `database`, `auth-grpc`, `rabbitmq`. */
  name: string;
  check: () => Promise<void>;
}

/** Nest injection token for the service's list of DependencyCheck. */
export const DEPENDENCY_CHECKS = Symbol('DEPENDENCY_CHECKS');
