import type { SqlExecutor } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
}

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
}

const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, passwordHash: row.password_hash });

/** The `users` table. Emails are stored normalized (see email.ts); `email` is unique. */
@Injectable()
export class UserRepository {
  constructor(@Inject(DATABASE) private readonly database: SqlExecutor) {}

  /** Inserts the user; a taken email surfaces as the store's unique violation (sqlState 23505). */
  async insert(user: User): Promise<void> {
    await this.database.query('INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)', [
      user.id,
      user.email,
      user.passwordHash,
    ]);
  }

  /** Inserts the user unless the email exists; true when it was inserted. */
  async insertIfAbsent(user: User): Promise<boolean> {
    const { rowCount } = await this.database.query(
      'INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING',
      [user.id, user.email, user.passwordHash],
    );
    return rowCount === 1;
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const { rows } = await this.database.query<UserRow>(
      'SELECT id, email, password_hash FROM users WHERE email = $1',
      [email],
    );
    return rows[0] === undefined ? undefined : toUser(rows[0]);
  }

  /** `id` must be a UUID (the column type); callers validate it first. */
  async findById(id: string): Promise<User | undefined> {
    const { rows } = await this.database.query<UserRow>(
      'SELECT id, email, password_hash FROM users WHERE id = $1',
      [id],
    );
    return rows[0] === undefined ? undefined : toUser(rows[0]);
  }
}
