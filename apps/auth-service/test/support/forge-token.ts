import {
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';

/** A private Ed25519 JWK for AUTH_SIGNING_KEY, and the same key as a KeyObject for forging tokens. */
export function newEd25519Key(): {
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
  key: KeyObject;
} {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { x, d } = privateKey.export({ format: 'jwk' });
  return { jwk: { kty: 'OKP', crv: 'Ed25519', x: x!, d: d! }, key: privateKey };
}

export function keyFromJwk(jwk: { x: string; d: string }): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', ...jwk }, format: 'jwk' });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export type Signer =
  { alg: 'EdDSA'; key: KeyObject } | { alg: 'HS256'; secret: Buffer | string } | { alg: 'none' };

/**
 * Builds a compact JWS by hand with node:crypto (not jose), so the tests can make exactly the malformed
 * and malicious tokens an attacker would.
 */
export function forgeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signer: Signer,
): string {
  const signingInput = `${b64url({ ...header, alg: signer.alg })}.${b64url(payload)}`;
  let signature: Buffer;
  if (signer.alg === 'EdDSA') signature = sign(null, Buffer.from(signingInput), signer.key);
  else if (signer.alg === 'HS256')
    signature = createHmac('sha256', signer.secret).update(signingInput).digest();
  else signature = Buffer.alloc(0);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The claims auth-service issues, valid now, for `sub`. */
export function validClaims(sub: string, email: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  return {
    email,
    scope: 'orders:read orders:write',
    iss: 'commlab-auth',
    aud: 'commlab',
    sub,
    iat: nowSeconds,
    exp: nowSeconds + 900,
    jti: randomUUID(),
  };
}

/** Replaces the payload of a compact JWS, keeping its header and signature. */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header!}.${b64url(payload)}.${signature!}`;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
