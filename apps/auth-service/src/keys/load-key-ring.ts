import type { Database } from '@commlab/persistence';

import { KeyRing } from './key-ring';
import type { Jose } from './load-jose';
import type { PrivateSigningJwk } from './signing-jwk';
import { generateSigningKeyMaterial, signingKeyMaterialFrom } from './signing-key-material';
import { SigningKeyRepository } from './signing-key.repository';

/**
 * The service's keys. `AUTH_SIGNING_KEY` given: that key alone, nothing generated or stored. Otherwise
 * the newest key of the `signing_keys` table (generated on first start); keys other replicas stored later
 * are found by kid on demand.
 */
export async function loadKeyRing(
  jose: Jose,
  database: Database,
  configuredKey: PrivateSigningJwk | undefined,
): Promise<KeyRing> {
  if (configuredKey !== undefined) {
    const material = await signingKeyMaterialFrom(jose, configuredKey);
    return KeyRing.create(jose, material, []);
  }
  const repository = new SigningKeyRepository(database);
  const active = await repository.activeKeyOrCreate(() => generateSigningKeyMaterial(jose));
  const known = await repository.publicKeys();
  return KeyRing.create(jose, active, known, (kid) => repository.publicKey(kid));
}
