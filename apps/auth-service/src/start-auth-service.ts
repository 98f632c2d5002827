import { AUTH_GRPC_PACKAGE, AUTH_PROTO_PATH, GRPC_LOADER_OPTIONS } from '@commlab/contracts';
import {
  createServiceApp,
  openServiceStore,
  type ServiceStoreOptions,
  startOnStore,
} from '@commlab/service-kit';

import { authAppModule, SERVICE_NAME } from './auth-app.module';
import { type AuthConfig, shouldSeedDemoData } from './config/auth.config';
import type { Clock } from './injection-tokens';
import { loadKeyRing } from './keys/load-key-ring';
import { loadJose } from './keys/load-jose';
import { AUTH_MIGRATIONS } from './store/auth.migrations';
import { HashingGate } from './users/hashing-gate';
import { PasswordHasher, type ScryptParams } from './users/password-hasher';
import { seedDemoUsers } from './users/seed-demo-users';
import { UserRepository } from './users/user.repository';

export interface StartAuthServiceOptions extends ServiceStoreOptions {
  /** The current time in epoch ms (default Date.now); tests move it to expire tokens and lockouts. */
  clock?: Clock;
  /** scrypt cost for NEW hashes (default: OWASP, see password-hasher.ts). Tests only; never lower it in production. */
  scryptParams?: ScryptParams;
}

export interface RunningAuthService {
  /** e.g. `http://127.0.0.1:3001` */
  httpUrl: string;
  /** e.g. `127.0.0.1:50051` (host:port, as gRPC clients take it) */
  grpcUrl: string;
  /** Stops HTTP and gRPC (in-flight requests finish) and closes the store. */
  close(): Promise<void>;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Starts auth-service: opens the store (migrations), loads or creates the signing key, seeds the demo
 * users when asked, then serves HTTP and gRPC from one Nest app.
 */
export async function startAuthService(
  config: AuthConfig,
  options: StartAuthServiceOptions = {},
): Promise<RunningAuthService> {
  const jose = await loadJose();
  const database = await openServiceStore(
    {
      service: SERVICE_NAME,
      migrations: AUTH_MIGRATIONS,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.AUTH_DATA_DIR,
      pgliteThread: config.PGLITE_THREAD,
    },
    options,
  );
  return startOnStore(database, async () => {
    // At most AUTH_HASH_CONCURRENCY hashes at once (fewer than libuv's threads): registration, login and
    // the unknown-email dummy check alike, so token verification always finds a free thread.
    const gate = new HashingGate({
      concurrency: config.AUTH_HASH_CONCURRENCY,
      queueSize: config.AUTH_HASH_QUEUE_SIZE,
      queueTimeoutMs: config.AUTH_HASH_QUEUE_TIMEOUT_MS,
    });
    const hasher = new PasswordHasher(options.scryptParams, gate);
    const [keys] = await Promise.all([
      loadKeyRing(jose, database, config.AUTH_SIGNING_KEY),
      hasher.prepare(),
    ]);
    if (shouldSeedDemoData(config)) await seedDemoUsers(new UserRepository(database), hasher);

    const grpcUrl = hostPort(config.BIND_HOST, config.AUTH_GRPC_PORT);
    const service = await createServiceApp({
      module: authAppModule({
        config,
        database,
        jose,
        keys,
        hasher,
        clock: options.clock ?? Date.now,
      }),
      service: SERVICE_NAME,
      description:
        'Users, password hashes and signing keys: register, login (EdDSA access tokens), ' +
        'token verification over REST and gRPC, JWKS.',
      http: { host: config.BIND_HOST, port: config.AUTH_HTTP_PORT },
      grpc: {
        url: grpcUrl,
        package: AUTH_GRPC_PACKAGE,
        protoPath: AUTH_PROTO_PATH,
        loader: GRPC_LOADER_OPTIONS,
      },
    });
    return {
      httpUrl: service.httpUrl,
      grpcUrl,
      close: () => service.close(),
    };
  });
}
