import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

import type { Jose } from './load-jose';
import type { PrivateSigningJwk, SigningKeyMaterial } from './signing-jwk';

/**
 * Builds the key material from a private JWK. The public half is derived from `d` (never trusted from
 * `x`), and `kid` is the RFC 7638 JWK thumbprint of the public key, so the same key always has the same kid.
 */
export async function signingKeyMaterialFrom(
  jose: Jose,
  privateJwk: PrivateSigningJwk,
): Promise<SigningKeyMaterial> {
  const inconsistent = 'the signing key is inconsistent: its public part "x" does not belong to "d"';
  let derived: { x?: string };
  try {
    derived = createPublicKey(
      createPrivateKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, d: privateJwk.d },
        format: 'jwk',
      }),
    ).export({ format: 'jwk' });
  } catch (error) {
    // Node 24's OpenSSL refuses a mismatched pair at import ("Invalid JWK OKP key"); Node 20 imports it
    // and the comparison below refuses it. Either way the same error.
    throw new Error(inconsistent, { cause: error });
  }
  if (derived.x !== privateJwk.x) throw new Error(inconsistent);
  const x = privateJwk.x;
  const kid = await jose.calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256');
  return {
    kid,
    privateJwk: { kty: 'OKP', crv: 'Ed25519', x, d: privateJwk.d, kid },
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
  };
}

/** A fresh Ed25519 key pair. */
export async function generateSigningKeyMaterial(jose: Jose): Promise<SigningKeyMaterial> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.x === undefined || jwk.d === undefined) throw new Error('Ed25519 key export lacks x or d');
  return signingKeyMaterialFrom(jose, { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d });
}
