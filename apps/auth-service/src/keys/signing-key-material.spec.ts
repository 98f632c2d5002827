import { loadJose } from './load-jose';
import { generateSigningKeyMaterial, signingKeyMaterialFrom } from './signing-key-material';

describe('signing key material', () => {
  it('names a key by its RFC 7638 thumbprint and publishes only the public half', async () => {
    const jose = await loadJose();
    const generated = await generateSigningKeyMaterial(jose);
    const again = await signingKeyMaterialFrom(jose, generated.privateJwk);
    expect(again.kid).toBe(generated.kid);
    expect(generated.kid).toBe(
      await jose.calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: generated.publicJwk.x }),
    );
    expect(generated.publicJwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: generated.privateJwk.x,
      kid: generated.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(generated.publicJwk).not.toHaveProperty('d');
  });

  it('refuses a JWK whose public part does not belong to its private part', async () => {
    const jose = await loadJose();
    const [one, two] = await Promise.all([
      generateSigningKeyMaterial(jose),
      generateSigningKeyMaterial(jose),
    ]);
    await expect(signingKeyMaterialFrom(jose, { ...one.privateJwk, x: two.privateJwk.x })).rejects.toThrow(
      /inconsistent/,
    );
  });
});
