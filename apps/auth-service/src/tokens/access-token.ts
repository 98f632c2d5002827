/** What every access token grants and how long it lives (expiresIn 900 s, as the login answer says). */
export const ACCESS_TOKEN_TTL_SECONDS = 900;
export { USER_SCOPES as ACCESS_TOKEN_SCOPES } from '@commlab/access-tokens';
/** The only algorithm tokens are signed with and the only one verification accepts. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
/** Longer compact JWS strings are refused before parsing; real tokens are ~500 bytes. */
export const MAX_TOKEN_LENGTH = 8192;

/** The principal of a valid token, as both POST /auth/verify and gRPC VerifyToken answer it. */
export interface Principal {
  userId: string;
  email: string;
  expiresAtUnixSeconds: number;
  scopes: string[];
}
