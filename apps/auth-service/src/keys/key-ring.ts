import type { JoseCryptoKey as CryptoKey, Jose } from './load-jose';
import type { PublicSigningJwk, SigningKeyMaterial } from './signing-jwk';

/** Finds a public key that is not in memory yet (e.g. one another replica stored), or undefined. */
export type MissingKeyLookup = (kid: string) => Promise<PublicSigningJwk | undefined>;

const KID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The keys auth-service signs and verifies with: one active signing key, and the public keys tokens may
 * name by `kid`. Verification only ever uses a key found by `kid`; an unknown kid finds nothing.
 */
export class KeyRing {
  private readonly verificationKeys = new Map<string, { jwk: PublicSigningJwk; key: Promise<CryptoKey> }>();

  private constructor(
    private readonly jose: Jose,
    readonly signingKid: string,
    readonly signingKey: CryptoKey,
    private readonly lookupMissing: MissingKeyLookup | undefined,
  ) {}

  static async create(
    jose: Jose,
    signing: SigningKeyMaterial,
    publicKeys: readonly PublicSigningJwk[],
    lookupMissing?: MissingKeyLookup,
  ): Promise<KeyRing> {
    const signingKey = await jose.importJWK({ ...signing.privateJwk, alg: 'EdDSA' }, 'EdDSA');
    if (ArrayBuffer.isView(signingKey)) throw new Error('an Ed25519 JWK imported as a secret');
    const ring = new KeyRing(jose, signing.kid, signingKey, lookupMissing);
    for (const jwk of [signing.publicJwk, ...publicKeys]) ring.add(jwk);
    return ring;
  }

  /** The public key named `kid`, or undefined when there is none. */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    if (!KID.test(kid)) return undefined;
    let entry = this.verificationKeys.get(kid);
    if (entry === undefined && this.lookupMissing !== undefined) {
      const jwk = await this.lookupMissing(kid);
      if (jwk?.kid === kid) entry = this.add(jwk);
    }
    return entry?.key;
  }

  /** The JWKS document: every public key tokens may be verified with. */
  jwks(): { keys: PublicSigningJwk[] } {
    return { keys: [...this.verificationKeys.values()].map(({ jwk }) => jwk) };
  }

  private add(jwk: PublicSigningJwk) {
    const existing = this.verificationKeys.get(jwk.kid);
    if (existing !== undefined) return existing;
    const publicJwk: PublicSigningJwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      x: jwk.x,
      kid: jwk.kid,
      alg: 'EdDSA',
      use: 'sig',
    };
    const entry = {
      jwk: publicJwk,
      key: this.jose.importJWK(publicJwk, 'EdDSA').then((key) => {
        if (ArrayBuffer.isView(key)) throw new Error('an Ed25519 JWK imported as a secret');
        return key;
      }),
    };
    this.verificationKeys.set(jwk.kid, entry);
    return entry;
  }
}
