export {
  type RunningAuthService,
  startAuthService,
  type StartAuthServiceOptions,
} from './start-auth-service';
export { type AuthConfig, authConfigSchema, shouldSeedDemoData } from './config/auth.config';
export { DEMO_USERS } from './users/seed-demo-users';
export { OWASP_SCRYPT_PARAMS, type ScryptParams } from './users/password-hasher';
export type { Principal } from './tokens/access-token';
export type { IssuedToken } from './tokens/token-issuer';
export type { PublicSigningJwk } from './keys/signing-jwk';
