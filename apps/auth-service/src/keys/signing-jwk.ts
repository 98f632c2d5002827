import { z } from 'zod';

/** Ed25519 keys are 32 bytes: 43 base64url characters without padding. */
const ed25519KeyBytes = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url without padding');

/** A private Ed25519 JWK (RFC 8037). Other members (`kid`, `alg`, `use`) are allowed and ignored. */
export const privateSigningJwkSchema = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: ed25519KeyBytes,
  d: ed25519KeyBytes,
});

export type PrivateSigningJwk = z.infer<typeof privateSigningJwkSchema>;

/** What GET /.well-known/jwks.json lists for each key. */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** One signing key: the private half (for signing) and its public JWK (for JWKS and verification). */
export interface SigningKeyMaterial {
  kid: string;
  privateJwk: PrivateSigningJwk & { kid: string };
  publicJwk: PublicSigningJwk;
}
