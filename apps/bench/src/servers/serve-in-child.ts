import { NoDelayWatch } from '../net/no-delay-watch';
import type { RunningServer, ServerIo, ServerKind } from './server-kinds';
import { type FromServer, ReceiptBatcher, type ToServer } from './server-messages';

/** Starts a server by its name, with the params the bench sent. */
export type StartServer = (
  kind: ServerKind,
  params: unknown,
  io: ServerIo,
) => Promise<RunningServer<unknown>>;

/**
 * The life of a bench server process (server-process.ts forks one of its entries, raw-server-child.ts or
 * nest-server-child.ts, which call serveInChild): starts the server the bench names in its first message, answers `ready` (or `failed`), reports one-way receipts and log lines, files every
 * socket it opens or accepts under the row it serves (TCP_NODELAY is judged as in the bench process) and,
 * told to stop, closes the server, sends that report and exits. It also stops when the bench goes away (its
 * IPC channel closes) or on SIGINT/SIGTERM (Ctrl-C in a terminal reaches every process of the group).
 */

/** How long closing the server may take on the way out. */
const CLOSE_TIMEOUT_MS = 5_000;

const watch = new NoDelayWatch();
const labels = new Set<string>();
let server: RunningServer<unknown> | undefined;
let exiting = false;

/** Sends a message to the bench; resolves once it is written (or at once when the bench is gone). */
function tell(message: FromServer): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) resolve();
    else
      process.send(message, undefined, {}, () => {
        resolve();
      });
  });
}

const receipts = new ReceiptBatcher(
  (batch) => {
    void tell({ type: 'receipts', ...batch });
  },
  (flush) => {
    setImmediate(flush);
  },
);

function label(name: string): void {
  labels.add(name);
  watch.attribute(name);
}

async function exit(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  const closing = server?.close().catch(() => undefined);
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]);
  receipts.flush();
  await tell({
    type: 'no-delay',
    reports: Object.fromEntries([...labels].map((name) => [name, watch.report(name)])),
  });
  watch.stop();
  if (process.connected) process.disconnect();
  process.exit(code);
}

async function start(startServer: StartServer, kind: ServerKind, params: unknown): Promise<void> {
  try {
    server = await startServer(kind, params, {
      receipt: (id) => {
        receipts.add(id);
      },
      log: (line) => {
        void tell({ type: 'log', line });
      },
    });
    await tell({ type: 'ready', ready: server.ready });
  } catch (error) {
    await tell({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    await exit(1);
  }
}

/** Runs this process as a bench server process whose servers `startServer` starts. */
export function serveInChild(startServer: StartServer): void {
  watch.start();
  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'start':
        label(message.label);
        void start(startServer, message.kind, message.params);
        return;
      case 'attribute':
        label(message.label);
        return;
      case 'stop':
        void exit(0);
    }
  });
  process.on('disconnect', () => void exit(0));
  process.on('SIGINT', () => void exit(130));
  process.on('SIGTERM', () => void exit(143));
}
