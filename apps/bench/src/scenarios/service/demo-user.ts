/**
 * The demo account `pnpm start` and compose seed (COMMLAB_ENV=development; auth-service's first demo
 * user): the bench logs in as it and the token scenarios expect it as the principal.
 */
export const DEMO_USER = { email: 'alice@example.com', password: 'alice-password' } as const;
