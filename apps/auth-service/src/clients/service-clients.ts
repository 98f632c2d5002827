import { createHash, timingSafeEqual } from 'node:crypto';

import {
  CLIENT_ID_PATTERN,
  DEV_SERVICE_CLIENTS,
  isDevClientSecret,
  SERVICE_SCOPES,
  type ServiceClient,
} from '@commlab/access-tokens';
import { ConfigError } from '@commlab/config';
import { z } from 'zod';

/** The clients of the OAuth 2.0 client credentials grant and the DEV-ONLY ones: @commlab/access-tokens. */
export { DEV_SERVICE_CLIENTS, type ServiceClient } from '@commlab/access-tokens';

/** A client may only be given scopes a service token may grant (checkAccessTokenClaims refuses others). */
const scopeSchema = z.enum(SERVICE_SCOPES);

const clientsSchema = z.array(
  z.strictObject({
    id: z.string().regex(CLIENT_ID_PATTERN, 'a client id: lowercase letters, digits, . _ -'),
    secret: z.string().min(24, 'a secret of at least 24 characters'),
    scopes: z.array(scopeSchema).min(1),
  }),
);

const CLIENTS_EXPECTED =
  `a JSON array of {"id","secret","scopes":[…]} (secrets of at least 24 characters, scopes among ${SERVICE_SCOPES.join(', ')}), e.g. ` +
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
    return config.COMMLAB_ENV === 'production'
      ? []
      : DEV_SERVICE_CLIENTS.map((client) => ({ ...client, scopes: [...client.scopes] }));
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
  if (
    config.COMMLAB_ENV === 'production' &&
    clients.data.some((client) => isDevClientSecret(client.secret))
  ) {
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
