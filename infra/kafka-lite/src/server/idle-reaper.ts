import type { Connection } from './connection';

/**
 * Closes connections with no traffic for `idleMs` (Kafka's `connections.max.idle.ms`), checked by one
 * broker-wide timer instead of a timer per connection. A request being answered (a parked Fetch or
 * JoinGroup) is not idleness; a reply the client reads slowly counts as traffic.
 */
export class IdleReaper {
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly connections: ReadonlySet<Connection>,
    private readonly idleMs: number,
    private readonly onIdle: (conn: Connection, idleMs: number) => void,
  ) {
    this.timer = setInterval(
      () => {
        this.sweep(Date.now());
      },
      Math.min(30_000, Math.max(10, Math.floor(idleMs / 4))),
    );
    this.timer.unref();
  }

  sweep(now: number): void {
    for (const conn of [...this.connections]) {
      const idle = conn.idleFor(now);
      if (idle > this.idleMs && !conn.isClosed) this.onIdle(conn, idle);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
