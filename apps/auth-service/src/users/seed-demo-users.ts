import { randomUUID } from 'node:crypto';

import type { PasswordHasher } from './password-hasher';
import type { UserRepository } from './user.repository';

/** The demo accounts `pnpm start` (COMMLAB_ENV=development) comes with. */
export const DEMO_USERS = [
  { email: 'alice@example.com', password: 'alice-password' },
  { email: 'bob@example.com', password: 'bob-password' },
] as const;

/** Creates the demo users that do not exist yet (idempotent; existing accounts are left alone). */
export async function seedDemoUsers(users: UserRepository, hasher: PasswordHasher): Promise<string[]> {
  const created: string[] = [];
  for (const demo of DEMO_USERS) {
    if ((await users.findByEmail(demo.email)) !== undefined) continue;
    const user = { id: randomUUID(), email: demo.email, passwordHash: await hasher.hash(demo.password) };
    if (await users.insertIfAbsent(user)) created.push(demo.email);
  }
  return created;
}
