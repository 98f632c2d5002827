/** Snapshot returned by `stats()`. */
export interface KafkaLiteStats {
  connections: { open: number; total: number; closedForErrors: number; closedIdle: number };
  /**
   * Request and reply bytes held for connections (`bufferedBytes`), the shared budget for large
   * requests and unsent replies, and connections waiting for it.
   */
  memory: { bufferedBytes: number; budgetUsed: number; budgetCapacity: number; waitingForBudget: number };
  /** Requests handled per API name and version, e.g. `{ Produce: { '7': 12 } }`. */
  requests: Record<string, Record<string, number>>;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  topics: number;
  partitions: number;
  groups: number;
  parkedFetches: number;
  groupTimers: number;
}

export class StatsCounter {
  openConnections = 0;
  totalConnections = 0;
  closedForErrors = 0;
  closedIdle = 0;
  bytesIn = 0;
  bytesOut = 0;
  messagesIn = 0;
  private readonly requests = new Map<string, Map<number, number>>();

  request(api: string, version: number): void {
    let byVersion = this.requests.get(api);
    if (!byVersion) {
      byVersion = new Map();
      this.requests.set(api, byVersion);
    }
    byVersion.set(version, (byVersion.get(version) ?? 0) + 1);
  }

  requestCounts(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [api, versions] of this.requests) {
      out[api] = Object.fromEntries([...versions].map(([v, n]) => [String(v), n]));
    }
    return out;
  }
}
