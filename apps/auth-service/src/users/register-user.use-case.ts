import { randomUUID } from 'node:crypto';

import type { LiveFeedSink } from '@commlab/messaging';
import { AppError } from '@commlab/errors';
import { DatabaseError } from '@commlab/persistence';
import { LIVE_FEED } from '@commlab/messaging-nest';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { PasswordHasher } from './password-hasher';
import { UserRepository } from './user.repository';
import type { RegisterBody, RegisteredUser } from './users.dto';

/** Use case: create an account. The email arrives normalized (users.dto.ts). */
@Injectable()
export class RegisterUser {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  async execute({ email, password }: RegisterBody): Promise<RegisteredUser> {
    const user = { id: randomUUID(), email, passwordHash: await this.hasher.hash(password) };
    try {
      await this.users.insert(user);
    } catch (error) {
      if (error instanceof DatabaseError && error.sqlState === '23505') {
        throw new AppError({
          code: 'EMAIL_TAKEN',
          kind: 'conflict',
          message: 'an account with this email already exists',
          cause: error,
        });
      }
      throw error;
    }
    this.feed?.publish('user.registered', { userId: user.id });
    return { userId: user.id, email: user.email };
  }
}
