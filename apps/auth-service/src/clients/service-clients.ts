import { createHash, timingSafeEqual } from 'node:crypto';

import { ConfigError } from '@commlab/config';
import { z } from 'zod';

/** A client of the OAuth 2.0 client credentials grant (RFC 6749 §4.4): a service or a tool, not a user. */
export interface ServiceClient {
  id: string;
  secret: string;
  /** The scopes it may ask for; a token without `scope` gets all of them. */
  scopes: string[];
}

/**
 * DEV ONLY. The clients `pnpm start` and the tests get when AUTH_CLIENTS is unset in development or test:
 * public secrets, so the tutorials and `pnpm bench` work out of the box. Production refuses them.
 */
export const DEV_SERVICE_CLIENTS: readonly ServiceClient[] = Object.freeze([
  // pnpm bench tops up its SKUs through inventory's stock adjustments.
  { id: 'commlab-bench', secret: 'dev-only-commlab-bench-secret', scopes: ['stock:adjust'] },
]);

const scopeSchema = z.string().regex(/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/, 'a scope such as stock:adjust');

const clientsSchema = z.array(
  z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a client id: lowercase letters, digits, . _ -'),
    secret: z.string().min(24, 'a secret of at least 24 characters'),
    scopes: z.array(scopeSchema).min(1),
  }),
);

const CLIENTS_EXPECTED =
  'a JSON array of {"id","secret","scopes":[…]} (secrets of at least 24 characters), e.g. ' +
  '[{"id":"commlab-bench","secret":"…","scopes":["stock:adjust"]}]';

/**
 * The service clients from AUTH_CLIENTS (JSON), validated; unset: the DEV-ONLY clients in development and
 * test, none in production. A dev-only secret in production is a ConfigError: those secrets are public.
 */
export function serviceClients(config: {
  AUTH_CLIENTS?: string | undefined;
  COMMLAB_ENV: string;
}): ServiceClient[] {
  if (config.AUTH_CLIENTS === undefined) {
    return config.COMMLAB_ENV === 'production' ? [] : DEV_SERVICE_CLIENTS.map((client) => ({ ...client }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.AUTH_CLIENTS);
  } catch {
    parsed = undefined;
  }
  const clients = clientsSchema.safeParse(parsed);
  if (!clients.success) {
    throw new ConfigError([{ variable: 'AUTH_CLIENTS', expected: CLIENTS_EXPECTED, received: '(redacted)' }]);
  }
  const devSecrets = new Set(DEV_SERVICE_CLIENTS.map((client) => client.secret));
  if (config.COMMLAB_ENV === 'production' && clients.data.some((client) => devSecrets.has(client.secret))) {
    throw new ConfigError([
      {
        variable: 'AUTH_CLIENTS',
        expected: 'secrets of your own in production (the DEV-ONLY secrets are public)',
        received: '(redacted)',
      },
    ]);
  }
  const ids = clients.data.map((client) => client.id);
  if (new Set(ids).size !== ids.length) {
    throw new ConfigError([
      { variable: 'AUTH_CLIENTS', expected: 'each client id once', received: ids.join(',') },
    ]);
  }
  return clients.data;
}

/** Compares a presented secret with the client's in constant time (no early exit that leaks its length). */
export function secretMatches(client: ServiceClient, presented: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(client.secret), digest(presented));
}
