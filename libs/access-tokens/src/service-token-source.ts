import { AppError } from '@commlab/errors';
import { z } from 'zod';

/** A client of auth-service's OAuth 2.0 client credentials grant: a service or a tool, not a user. */
export interface ClientCredentials {
  id: string;
  secret: string;
}

/** A client as auth-service knows it: its credentials and the scopes it may ask for. */
export interface ServiceClient extends ClientCredentials {
  scopes: string[];
}

/**
 * DEV ONLY. The clients auth-service knows when AUTH_CLIENTS is unset in development and test, and the
 * credentials order-service, `pnpm bench` and `pnpm grpc` use by default: public secrets, so the
 * tutorials work out of the box. Production refuses them (auth's AUTH_CLIENTS, order's ORDER_CLIENT_SECRET).
 */
export const DEV_SERVICE_CLIENTS: readonly Readonly<ServiceClient>[] = Object.freeze([
  // pnpm bench: tops up SKUs (stock adjustments) and calls inventory's reservation API directly.
  { id: 'commlab-bench', secret: 'dev-only-commlab-bench-secret', scopes: ['stock:adjust', 'stock:reserve'] },
  // order-service reserves and releases stock for the orders it places.
  { id: 'order-service', secret: 'dev-only-order-service-secret', scopes: ['stock:reserve'] },
  // pnpm grpc inventory ReserveStock / ReleaseStock, and the tutorials that use it.
  { id: 'commlab-cli', secret: 'dev-only-commlab-cli-secret', scopes: ['stock:reserve'] },
]);

/** The DEV-ONLY credentials of client `id` (throws for an id that has none). */
export function devClientCredentials(
  id: 'commlab-bench' | 'order-service' | 'commlab-cli',
): ClientCredentials {
  const client = DEV_SERVICE_CLIENTS.find((candidate) => candidate.id === id);
  if (client === undefined) throw new Error(`no DEV-ONLY client ${id}`);
  return { id: client.id, secret: client.secret };
}

/** True when `secret` is one of the DEV-ONLY secrets published in this repository. */
export function isDevClientSecret(secret: string): boolean {
  return DEV_SERVICE_CLIENTS.some((client) => client.secret === secret);
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});

export interface ServiceTokenSourceOptions {
  /** auth-service's base URL (POST /oauth/token). */
  authUrl: string;
  client: ClientCredentials;
  /** Space-separated scopes to ask for; unset: every scope the client may have. */
  scope?: string;
  /** Bound of one token request. */
  timeoutMs: number;
  /** A token is fetched again this long before it expires (default 30 s, at most half its lifetime). */
  refreshBeforeMs?: number;
  /** For tests. */
  now?: () => number;
}

/**
 * A service's own access token from auth-service (client credentials grant), cached until shortly before
 * it expires and then fetched again; concurrent callers share one request. auth unreachable or slow →
 * AppError AUTH_UNAVAILABLE (503); the client refused (wrong secret, unknown client, scope) →
 * SERVICE_CREDENTIALS_REFUSED (500: a configuration error of this service, not the caller's).
 */
export class ServiceTokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: ServiceTokenSourceOptions) {}

  async token(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached !== undefined && now < this.cached.refreshAt) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Drops the cached token (e.g. after a callee refused it): the next call fetches a new one. */
  forget(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { authUrl, client, scope, timeoutMs } = this.options;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== undefined) body.set('scope', scope);
    const basic = Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`);
    let response: Response;
    try {
      response = await fetch(new URL('/oauth/token', authUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${basic.toString('base64')}`,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AppError({
        code: 'AUTH_UNAVAILABLE',
        kind: 'unavailable',
        message: `auth-service is unavailable for a service token: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.status === 400 || response.status === 401) {
      throw new AppError({
        code: 'SERVICE_CREDENTIALS_REFUSED',
        kind: 'internal',
        message: `auth-service refused the credentials of client ${client.id} (HTTP ${String(response.status)}): check its client id, secret and AUTH_CLIENTS`,
        cause: answer,
      });
    }
    const parsed = tokenAnswerSchema.safeParse(answer);
    if (!response.ok || !parsed.success) {
      throw new AppError({
        code: 'AUTH_UNAVAILABLE',
        kind: 'unavailable',
        message: `auth-service answered POST /oauth/token with HTTP ${String(response.status)}`,
        cause: answer,
      });
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(this.options.refreshBeforeMs ?? 30_000, lifetimeMs / 2);
    const now = (this.options.now ?? Date.now)();
    this.cached = { token: parsed.data.access_token, refreshAt: now + lifetimeMs - margin };
    return parsed.data.access_token;
  }
}
