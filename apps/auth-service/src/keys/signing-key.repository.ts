import type { Database } from '@commlab/persistence';

import type { PublicSigningJwk, SigningKeyMaterial } from './signing-jwk';

interface SigningKeyRow {
  kid: string;
  private_jwk: SigningKeyMaterial['privateJwk'];
  public_jwk: PublicSigningJwk;
}

const toMaterial = (row: SigningKeyRow): SigningKeyMaterial => ({
  kid: row.kid,
  privateJwk: row.private_jwk,
  publicJwk: row.public_jwk,
});

/** The `signing_keys` table: generated keys, kept so tokens survive restarts (development). */
export class SigningKeyRepository {
  constructor(private readonly database: Database) {}

  /**
   * The newest key, generated and stored first when there is none. The table lock makes replicas that
   * boot together on one PostgreSQL agree on one key instead of each storing its own.
   */
  async activeKeyOrCreate(generate: () => Promise<SigningKeyMaterial>): Promise<SigningKeyMaterial> {
    const candidate = await generate();
    return this.database.transaction(async (tx) => {
      await tx.query('LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await tx.query<SigningKeyRow>(
        'SELECT kid, private_jwk, public_jwk FROM signing_keys ORDER BY created_at DESC, kid LIMIT 1',
      );
      const newest = rows[0];
      if (newest !== undefined) return toMaterial(newest);
      await tx.query('INSERT INTO signing_keys (kid, private_jwk, public_jwk) VALUES ($1, $2, $3)', [
        candidate.kid,
        JSON.stringify(candidate.privateJwk),
        JSON.stringify(candidate.publicJwk),
      ]);
      return candidate;
    });
  }

  async publicKeys(): Promise<PublicSigningJwk[]> {
    const { rows } = await this.database.query<Pick<SigningKeyRow, 'public_jwk'>>(
      'SELECT public_jwk FROM signing_keys ORDER BY created_at DESC, kid',
    );
    return rows.map((row) => row.public_jwk);
  }

  async publicKey(kid: string): Promise<PublicSigningJwk | undefined> {
    const { rows } = await this.database.query<Pick<SigningKeyRow, 'public_jwk'>>(
      'SELECT public_jwk FROM signing_keys WHERE kid = $1',
      [kid],
    );
    return rows[0]?.public_jwk;
  }
}
