import type { Scenario } from '../../scenario';
import { firstSuccess } from './first-success';
import { checkPrincipal } from './principal-check';
import { withBenchStack } from './shared-bench-stack';

/**
 * Token verification as order-service's RestTokenVerifier does it (`?auth=rest`): global `fetch` POSTing
 * `{token}` to auth-service's `/auth/verify` → 200 with the principal. The same checks as over gRPC, behind
 * NestJS on Fastify with zod validation.
 */
export const tokenRest: Scenario = {
  name: 'token.rest.auth',
  group: 'token-verification',
  transport: 'rest',
  kind: 'framework',
  description: 'VerifyToken on the real auth-service: fetch POST /auth/verify {token} → 200 principal',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      await stack.accessToken.ready();
      const url = new URL('/auth/verify', stack.auth.httpUrl);
      const verify = async () => {
        const body = JSON.stringify({ token: stack.accessToken.token });
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`HTTP ${response.status} ${text.slice(0, 200)}`);
        checkPrincipal(JSON.parse(text) as Record<string, unknown>);
        return { request: Buffer.byteLength(body), reply: Buffer.byteLength(text) };
      };
      const first = await firstSuccess(verify, 'token.rest.auth first call', {
        totalMs: 30_000,
        attemptMs: 10_000,
      });
      return {
        placement: `fetch (undici) in the bench process; auth-service: ${stack.where.services}`,
        payloadBytes: first,
        call: async () => {
          await verify();
        },
        close: () => lease.release(),
      };
    }),
};
