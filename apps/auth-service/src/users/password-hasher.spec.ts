import { HashingGate } from './hashing-gate';
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

  it('runs every hash through the gate, unknown users included', async () => {
    const gate = new HashingGate({ concurrency: 1, queueSize: 0, queueTimeoutMs: 1000 });
    const run = jest.spyOn(gate, 'run');
    const hasher = new PasswordHasher(CHEAP, gate);
    const hash = await hasher.hash('gated-password');
    await hasher.verify('gated-password', hash);
    await hasher.verifyUnknownUser('anything');
    // hash, verify, then the dummy hash (made on first use) and its verification
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('tries the dummy hash again after a refused turn instead of remembering the refusal', async () => {
    const gate = new HashingGate({ concurrency: 1, queueSize: 0, queueTimeoutMs: 1000 });
    const hasher = new PasswordHasher(CHEAP, gate);
    let release: () => void = () => undefined;
    const blocker = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(hasher.verifyUnknownUser('x')).rejects.toMatchObject({ code: 'AUTH_BUSY' });
    release();
    await blocker;
    await expect(hasher.verifyUnknownUser('x')).resolves.toBe(false);
  });
});
