import type { NoDelayReport } from '../net/no-delay-watch';
import type { ServerKind } from './server-kinds';

/** Bench → server process, over the IPC channel. */
export type ToServer =
  | { type: 'start'; kind: ServerKind; params: unknown; label: string }
  /** New sockets from now on belong to this row (a server shared by rows: kafka-lite). */
  | { type: 'attribute'; label: string }
  | { type: 'stop' };

/** Server process → bench. */
export type FromServer =
  | { type: 'ready'; ready: unknown }
  | { type: 'failed'; message: string }
  /** One-way receipts: message ids and when (process.hrtime.bigint()) the handler had each. */
  | { type: 'receipts'; ids: string[]; at: bigint[] }
  | { type: 'log'; line: string }
  /** Sent as it stops: the TCP_NODELAY state of every socket it opened or accepted, by row. */
  | { type: 'no-delay'; reports: Record<string, NoDelayReport> };

const FROM_SERVER_TYPES = new Set(['ready', 'failed', 'receipts', 'log', 'no-delay']);

/** Whether an IPC message is one a server process sends (anything else is ignored). Pure. */
export function isFromServer(message: unknown): message is FromServer {
  const type = (message as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && FROM_SERVER_TYPES.has(type);
}

/**
 * Collects receipts and hands them over in batches, one per turn of the event loop (`schedule`): one IPC
 * message for all the messages a consumer's batch or a burst delivered, not one each. The stamps are taken
 * as each receipt is added, so batching delays when the bench learns of a receipt, never its time.
 */
export class ReceiptBatcher {
  private ids: string[] = [];
  private at: bigint[] = [];

  constructor(
    private readonly send: (batch: { ids: string[]; at: bigint[] }) => void,
    private readonly schedule: (flush: () => void) => void,
    private readonly now: () => bigint = () => process.hrtime.bigint(),
  ) {}

  add(id: string): void {
    if (this.ids.length === 0)
      this.schedule(() => {
        this.flush();
      });
    this.ids.push(id);
    this.at.push(this.now());
  }

  flush(): void {
    if (this.ids.length === 0) return;
    const batch = { ids: this.ids, at: this.at };
    this.ids = [];
    this.at = [];
    this.send(batch);
  }
}
