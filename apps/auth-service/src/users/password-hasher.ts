import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

import type { HashingGate } from './hashing-gate';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet (scrypt): N=2^17 r=8 p=1, or an equivalent trade-off. We take
 * N=2^15, r=8, p=3: the same order of CPU work (~0.35 s here vs ~0.5 s) with a quarter of the memory
 * (32 MiB instead of 128 MiB per hash), which matters because logins run in libuv's thread pool —
 * four concurrent hashes need 128 MiB, not 512 MiB. The parameters are stored with every hash, so
 * they can be raised later without invalidating existing hashes.
 */
export const OWASP_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 3 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** scrypt needs 128·N·r bytes; Node refuses above `maxmem` (default 32 MiB), so allow twice that. */
function maxmemFor({ N, r }: ScryptParams): number {
  return 2 * 128 * N * r + 1024 * 1024;
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyBytes,
      { ...params, maxmem: maxmemFor(params) },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

interface DecodedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** `$scrypt$ln=15,r=8,p=3$<salt, base64>$<key, base64>` (PHC string format, unpadded base64). */
function encode({ params, salt, key }: DecodedHash): string {
  const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${Math.log2(params.N)},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

function decode(encoded: string): DecodedHash | undefined {
  const match = ENCODED.exec(encoded);
  if (match === null) return undefined;
  const [, ln, r, p, salt, key] = match;
  return {
    params: { N: 2 ** Number(ln), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt ?? '', 'base64'),
    key: Buffer.from(key ?? '', 'base64'),
  };
}

/** Runs every hash as it comes (no bound): for tests and tools, never the service (see HashingGate). */
const UNBOUNDED: Pick<HashingGate, 'run'> = { run: (hash) => hash() };

/**
 * Hashes and checks passwords with the async `crypto.scrypt` (thread pool, never the event loop) and a
 * constant-time comparison, each through the gate (a bound on concurrent hashes, so they never take the
 * whole thread pool). `verifyUnknownUser` does the same work, through the same gate, against a dummy
 * hash, so a login for an unknown email takes as long as one with a wrong password.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly params: ScryptParams = OWASP_SCRYPT_PARAMS,
    private readonly gate: Pick<HashingGate, 'run'> = UNBOUNDED,
  ) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await this.gate.run(() => derive(password, salt, this.params, KEY_BYTES));
    return encode({ params: this.params, salt, key });
  }

  /** False for a wrong password and for a hash it cannot read. */
  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = decode(encoded);
    if (decoded === undefined || decoded.key.length === 0 || decoded.params.N < 2) return false;
    const key = await this.gate.run(() => derive(password, decoded.salt, decoded.params, decoded.key.length));
    return timingSafeEqual(key, decoded.key);
  }

  /** Always false, after the same work as `verify` with the current parameters. */
  async verifyUnknownUser(password: string): Promise<false> {
    await this.verify(password, await this.prepare());
    return false;
  }

  /** Makes the dummy hash (once); call at boot so the first unknown-user login is not slower. */
  prepare(): Promise<string> {
    // A refused turn (AUTH_BUSY) must not be remembered as the dummy hash: the next call tries again.
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex')).catch((error: unknown) => {
      this.dummyHash = undefined;
      throw error;
    });
    return this.dummyHash;
  }
}
