import { OWASP_SCRYPT_PARAMS, PasswordHasher } from './password-hasher';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('PasswordHasher', () => {
  it('hashes with the OWASP parameters by default, stored with a fresh salt in the hash', async () => {
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('alice-password');
    expect(OWASP_SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 3 });
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    await expect(hasher.verify('alice-password', hash)).resolves.toBe(true);
  });

  it('rejects a wrong password and salts every hash differently', async () => {
    const hasher = new PasswordHasher(CHEAP);
    const [one, two] = await Promise.all([hasher.hash('same-password'), hasher.hash('same-password')]);
    expect(one).not.toBe(two);
    await expect(hasher.verify('other-password', one)).resolves.toBe(false);
    await expect(hasher.verify('same-password', two)).resolves.toBe(true);
  });

  it('verifies hashes made with other parameters (they are read from the hash)', async () => {
    const old = await new PasswordHasher({ N: 2 ** 11, r: 4, p: 2 }).hash('old-password');
    await expect(new PasswordHasher(CHEAP).verify('old-password', old)).resolves.toBe(true);
  });

  it('treats unreadable hashes as a mismatch', async () => {
    const hasher = new PasswordHasher(CHEAP);
    await expect(hasher.verify('x', 'not-a-hash')).resolves.toBe(false);
    await expect(hasher.verify('x', '$scrypt$ln=0,r=8,p=1$c2FsdA$a2V5')).resolves.toBe(false);
  });

  it('normalizes Unicode (NFC) so composed and decomposed spellings match', async () => {
    const hasher = new PasswordHasher(CHEAP);
    const hash = await hasher.hash('caf\u00e9-password');
    await expect(hasher.verify('cafe\u0301-password', hash)).resolves.toBe(true);
  });

  it('does a full verification for unknown users and always says no', async () => {
    const hasher = new PasswordHasher(CHEAP);
    await expect(hasher.verifyUnknownUser('anything')).resolves.toBe(false);
  });
});
