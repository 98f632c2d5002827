/**
 * @commlab/access-tokens — local verification of commlab's access tokens against auth-service's JWKS,
 * the same rules for user tokens and service tokens (client credentials), and scope checks.
 */
export {
  ACCESS_TOKEN_ALGORITHM,
  JwksVerifier,
  type JwksVerifierOptions,
  requireScope,
  type VerifiedClaims,
} from './jwks-verifier';
export { jwksConfigFields, jwksVerifierOptions } from './jwks-config';
