/** What auth-service's `POST /auth/login` answers (the part the bench uses). */
export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds the token is valid (auth-service: 900). */
  expiresIn: number;
}

/** A failed background refresh is tried again this much later (the old token still has a third left). */
const RETRY_MS = 10_000;

/**
 * When to log in again: after two thirds of the token's life, so the token the calls send is never
 * expired, however long the run (setup logs in once at the start; a full run can outlast 15 minutes).
 */
export function refreshDelayMs(expiresInS: number): number {
  return Math.max(1_000, Math.floor((expiresInS * 1000 * 2) / 3));
}

/**
 * The access token of the bench's demo user: one login (`ready()`, in setup), then a background login
 * before it expires (an unref'd timer, never on a timed call). `token` is what calls read.
 */
export class AccessTokenKeeper {
  private current: string | undefined;
  private first: Promise<string> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly login: () => Promise<IssuedAccessToken>,
    private readonly log: (line: string) => void,
  ) {}

  /** Logs in the first time it is asked (a failure is retried by the next caller). */
  async ready(): Promise<string> {
    this.first ??= this.refresh().catch((error: unknown) => {
      this.first = undefined;
      throw error;
    });
    return this.first;
  }

  /** The current token; only after `ready()` resolved. */
  get token(): string {
    if (this.current === undefined) throw new Error('no access token yet (ready() first)');
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async refresh(): Promise<string> {
    const issued = await this.login();
    this.current = issued.accessToken;
    this.schedule(refreshDelayMs(issued.expiresIn));
    return issued.accessToken;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.refresh().catch((error: unknown) => {
        if (this.stopped) return;
        this.log(`bench: refreshing the access token failed (${String(error)}); retrying in ${RETRY_MS} ms`);
        this.schedule(RETRY_MS);
      });
    }, ms);
    this.timer.unref();
  }
}
