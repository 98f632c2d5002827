import type * as JoseExports from 'jose' with { 'resolution-mode': 'import' };

import type { Scenario } from '../../scenario';
import { firstSuccess } from './first-success';
import { httpRequest } from './http-request';
import { checkPrincipal } from './principal-check';
import { withBenchStack } from './shared-bench-stack';

type Jose = typeof JoseExports;

/** jose ships as an ES module only; this CommonJS package loads it dynamically (as auth and order do). */
function loadJose(): Promise<Jose> {
  return import('jose');
}

/**
 * How jose fetches the key set here: one node:http request on a connection of its own (instead of the
 * process-wide `fetch` pool, where it would reuse `token.rest.auth`'s idle connection to auth). Only
 * the one-time key fetch goes through it; the verification itself is unchanged.
 */
async function fetchKeySet(
  url: string,
  options: { headers: Headers; signal: AbortSignal },
): Promise<Response> {
  const answer = await httpRequest(new URL(url), {
    method: 'GET',
    headers: Object.fromEntries(options.headers),
  });
  options.signal.throwIfAborted();
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'content-type': answer.headers['content-type'] ?? 'application/json' },
  });
}

/**
 * Local token verification as order-service's JwksTokenVerifier does it (`?auth=jwks`): jose's
 * `createRemoteJWKSet(<auth>/.well-known/jwks.json)` with order's options, then `jwtVerify` (EdDSA,
 * auth's issuer and audience, `sub` and `exp` required) in the bench process. The key set is fetched
 * once, by setup's first verify, and cached for JWKS_CACHE_MS (10 min), so a call is the signature check
 * alone: no network. (A run longer than the cache age refetches the keys once, inside a call.)
 */
export const tokenJwks: Scenario = {
  name: 'token.jwks.local',
  group: 'token-verification',
  transport: 'in-process',
  kind: 'framework',
  description: 'jose jwtVerify against auth’s JWKS (fetched once in setup, then cached): no call to auth',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      const token = await stack.accessToken.ready();
      const jose = await loadJose();
      const keys = jose.createRemoteJWKSet(new URL('/.well-known/jwks.json', stack.auth.httpUrl), {
        timeoutDuration: stack.downstreamTimeoutMs,
        cacheMaxAge: stack.jwksCacheMs,
        cooldownDuration: 30_000,
        [jose.customFetch]: fetchKeySet,
      });
      const options = {
        algorithms: ['EdDSA'],
        issuer: stack.jwt.issuer,
        audience: stack.jwt.audience,
        requiredClaims: ['sub', 'exp'],
      };
      const verify = async () => {
        const { payload } = await jose.jwtVerify(stack.accessToken.token, keys, options);
        checkPrincipal({ userId: payload.sub, email: payload.email });
      };
      // Fetches and caches the key set.
      await firstSuccess(verify, 'token.jwks.local first verify', { totalMs: 30_000, attemptMs: 10_000 });
      return {
        placement: `jose in the bench process (keys fetched once from auth-service: ${stack.where.services})`,
        payloadBytes: { request: Buffer.byteLength(token) },
        call: verify,
        close: () => lease.release(),
      };
    }),
};
