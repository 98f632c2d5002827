/**
 * @commlab/access-tokens — local verification of commlab's access tokens against auth-service's JWKS,
 * the one set of claim rules every verifier applies (users and services), and scope checks.
 */
export {
  type AccessTokenClaims,
  checkAccessTokenClaims,
  CLIENT_ID_PATTERN,
  type ExpectedClaims,
  KNOWN_SCOPES,
  SERVICE_SCOPES,
  USER_ID_PATTERN,
  USER_SCOPES,
} from './access-token-claims';
export {
  ACCESS_TOKEN_ALGORITHM,
  JwksVerifier,
  type JwksVerifierOptions,
  requireScope,
  requireServiceToken,
  type VerifiedClaims,
  type VerifyOptions,
} from './jwks-verifier';
export { jwksConfigFields, jwksVerifierOptions } from './jwks-config';
export {
  type ClientCredentials,
  DEV_SERVICE_CLIENTS,
  devClientCredentials,
  isDevClientSecret,
  type ServiceClient,
  ServiceTokenSource,
  type ServiceTokenSourceOptions,
} from './service-token-source';
