import type { TraceStoreAt } from '../../hops/placed-orders';
import type { WatchedProcess } from '../../processes/cpu-accounting';
import type { BenchTarget } from '../../scenario';
import type { AccessTokenKeeper } from './access-token-keeper';

/**
 * commlab's real services as the service scenarios see them, wherever they run: started by the bench as
 * processes of a `pnpm start` of its own (`--target processes`, the default), or a running stack (`--target stack`: `pnpm start` or `docker compose up`).
 */
export interface BenchStack {
  target: BenchTarget;
  auth: { httpUrl: string; grpcUrl: string };
  inventory: { httpUrl: string; grpcUrl: string };
  order: { httpUrl: string };
  /** The RabbitMQ the services use (`processes`: the bench stack's throwaway vhost). */
  rabbitmqUrl: string;
  kafka: { brokers: string[]; where: string };
  /** How each part runs, for the scenarios' `placement`. */
  where: { services: string; rabbitmq: string; kafka: string };
  /** The issuer and audience auth-service signs with and order-service verifies (`?auth=jwks`). */
  jwt: { issuer: string; audience: string };
  /** order-service's DOWNSTREAM_TIMEOUT_MS: the deadline/`expiresAt` order puts on a reservation. */
  downstreamTimeoutMs: number;
  /** order-service's JWKS_CACHE_MS: how long order's local verifier keeps auth's public keys. */
  jwksCacheMs: number;
  /**
   * The secret order-service signs callbacks with; undefined when callbacks cannot reach the bench
   * (compose: the order container's SSRF guard refuses loopback and private addresses).
   */
  webhookSecret: string | undefined;
  /** The trace store the services export to, which the end-to-end rows' hop bars read; or why none. */
  traceStore: TraceStoreAt;
  /** The demo user's access token (one login, refreshed in the background). */
  accessToken: AccessTokenKeeper;
  /**
   * The bench's service token (client credentials, scope stock:reserve) for the inventory scenarios,
   * which call ReserveStock directly as order-service does (refreshed in the background).
   */
  serviceToken: AccessTokenKeeper;
  /** Fails (clearly) when inventory holds too little of the bench's SKUs for a run. */
  checkStock(): Promise<void>;
  /**
   * The processes that serve the scenarios' calls, as they are now (a restarted service has a new pid):
   * the CPU time each spends per operation is reported beside the latency.
   */
  processes(): WatchedProcess[];
  /** Stops what the bench started (nothing for compose). */
  stop(): Promise<void>;
}
