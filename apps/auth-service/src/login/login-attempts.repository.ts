import type { SqlExecutor } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

export interface AttemptWindow {
  /** Attempts in the current window, this one included. */
  attempts: number;
  windowStartedMs: number;
}

/** Removes expired windows at most this often (per process), so unknown emails do not pile up. */
const PRUNE_EVERY_MS = 60_000;

/**
 * The `login_failures` table: per normalized email, the not-yet-successful login attempts in a fixed
 * window that starts at the first of them. Kept in the store, so a restart does not reset a lockout.
 */
@Injectable()
export class LoginAttemptsRepository {
  private lastPruneMs = 0;

  constructor(@Inject(DATABASE) private readonly database: SqlExecutor) {}

  /**
   * Counts one attempt atomically (one upsert, so concurrent attempts cannot slip past the limit) and
   * returns the window; a window older than `windowMs` starts over.
   */
  async recordAttempt(email: string, nowMs: number, windowMs: number): Promise<AttemptWindow> {
    await this.pruneExpired(nowMs, windowMs);
    const { rows } = await this.database.query<{ attempts: number; window_started_ms: string }>(
      `INSERT INTO login_failures (email, attempts, window_started_ms) VALUES ($1, 1, $2)
       ON CONFLICT (email) DO UPDATE SET
         attempts = CASE WHEN login_failures.window_started_ms <= $3 THEN 1
                         ELSE login_failures.attempts + 1 END,
         window_started_ms = CASE WHEN login_failures.window_started_ms <= $3 THEN EXCLUDED.window_started_ms
                                  ELSE login_failures.window_started_ms END
       RETURNING attempts, window_started_ms`,
      [email, nowMs, nowMs - windowMs],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('login_failures upsert returned no row');
    return { attempts: row.attempts, windowStartedMs: Number(row.window_started_ms) };
  }

  /** A successful login forgets the failures. */
  async reset(email: string): Promise<void> {
    await this.database.query('DELETE FROM login_failures WHERE email = $1', [email]);
  }

  private async pruneExpired(nowMs: number, windowMs: number): Promise<void> {
    if (nowMs - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = nowMs;
    await this.database.query('DELETE FROM login_failures WHERE window_started_ms <= $1', [nowMs - windowMs]);
  }
}
