import { devClientCredentials, ServiceTokenSource } from '@commlab/access-tokens';
import { env, loadConfig } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

import type { GrpcServiceKey } from './grpc-services';

/** The methods only services may call: they need a service token with stock:reserve. */
const SERVICE_ONLY: Readonly<Record<string, readonly string[]>> = {
  inventory: ['ReserveStock', 'ReleaseStock'],
};

export function needsServiceToken(service: GrpcServiceKey, method: string): boolean {
  return SERVICE_ONLY[service]?.includes(method) ?? false;
}

const DEV_CLI = devClientCredentials('commlab-cli');

/**
 * Where the CLI gets its service token: auth-service's client credentials grant, with the CLI's own
 * client. Defaults: the DEV-ONLY client `commlab-cli` of `pnpm start` (COMMLAB_ENV=development).
 */
const cliClientSchema = z.object({
  AUTH_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.auth.http}`, ['http:', 'https:']),
  COMMLAB_CLIENT_ID: env.text(DEV_CLI.id),
  COMMLAB_CLIENT_SECRET: env.text(DEV_CLI.secret),
});

/** A service token with stock:reserve for `pnpm grpc inventory ReserveStock|ReleaseStock` (no --token given). */
export async function cliServiceToken(timeoutMs: number): Promise<string> {
  const config = loadConfig(cliClientSchema);
  return new ServiceTokenSource({
    authUrl: config.AUTH_HTTP_URL,
    client: { id: config.COMMLAB_CLIENT_ID, secret: config.COMMLAB_CLIENT_SECRET },
    scope: 'stock:reserve',
    timeoutMs,
  }).token();
}
