import { type ChildProcess, fork } from 'node:child_process';
import { extname, join } from 'node:path';

import type { NoDelayReport } from '../net/no-delay-watch';
import type { WatchedProcess } from '../processes/cpu-accounting';
import { brokerServers, serverProcesses } from '../processes/watched-processes';
import { repoRoot } from '../repo-root';
import type { ScenarioContext } from '../scenario';
import { isNestServer, type ServerKind, type ServerKinds } from './server-kinds';
import { type FromServer, isFromServer, type ToServer } from './server-messages';

/** How long a server process may take to start its server (Node and the TypeScript loader included). */
const READY_TIMEOUT_MS = 60_000;
/** How long a server process may take to stop before it is killed. */
const STOP_TIMEOUT_MS = 10_000;
/** Lines of a server process's stderr kept for the error when it fails. */
const STDERR_LINES = 20;

/**
 * The entry a server process runs — this folder's `nest-server-child` for the NestJS servers, else
 * `raw-server-child` (which loads no NestJS: it starts sooner) — as TypeScript with the bench's loader.
 */
function childEntry(kind: ServerKind): { path: string; execArgv: string[] } {
  const ext = extname(__filename);
  return {
    path: join(__dirname, `${isNestServer(kind) ? 'nest' : 'raw'}-server-child${ext}`),
    execArgv: ext === '.ts' ? ['--conditions=@commlab/source', '-r', '@swc-node/register'] : [],
  };
}

/** A server started in a process of its own, as the bench sees it. */
export interface ServerProcess<R> {
  pid: number;
  ready: R;
  /** The server process and the external servers the row uses (for the CPU per operation). */
  processes: () => WatchedProcess[];
  /** Stops the server and its process (the TCP_NODELAY report is kept: serverNoDelayReport). */
  stop: () => Promise<void>;
}

export interface ServerProcessOptions {
  /** The name the CPU report gives the process (default: `server process`). */
  name?: string;
  /** The external servers the row uses: their CPU counts with the server process's. */
  uses?: readonly ('rabbitmq' | 'redis' | 'kafka')[];
  /** One-way consumers: each message the handler had, with when (process.hrtime.bigint()). */
  onReceipt?: (id: string, at: bigint) => void;
  /** Rows share this server (kafka-lite): its new sockets follow attributeServerSockets. */
  shared?: boolean;
  /** The row the sockets are filed under (default: the scenario being set up, see attributeServerSockets). */
  label?: string;
}

/** Server processes started and not stopped yet (Ctrl-C and the exit handler stop them). */
const running = new Map<ChildProcess, { shared: boolean; stop: () => Promise<void> }>();
/** The TCP_NODELAY reports of stopped server processes, by row. */
const noDelayReports = new Map<string, NoDelayReport[]>();
/** The row being set up or run: the label of new sockets (see attributeServerSockets). */
let currentLabel = '(bench)';
/** How many server processes startServerProcess has started (for the setup line). */
let started = 0;

process.once('exit', () => {
  // Last resort (an exit without stop): a server process also exits when its IPC channel closes.
  for (const child of running.keys()) child.kill('SIGTERM');
});

function send(child: ChildProcess, message: ToServer): void {
  if (child.connected) child.send(message);
}

/** New sockets of shared server processes (kafka-lite) belong to this row from now on. */
export function attributeServerSockets(label: string): void {
  currentLabel = label;
  for (const [child, { shared }] of running) if (shared) send(child, { type: 'attribute', label });
}

/** How many server processes have been started so far (kafka-lite included). */
export function serverProcessesStarted(): number {
  return started;
}

/** What the stopped server processes reported for a row's sockets. */
export function serverNoDelayReports(label: string): NoDelayReport[] {
  return noDelayReports.get(label) ?? [];
}

/** Stops every server process still running (Ctrl-C: main.ts calls it before exiting). */
export async function stopServerProcesses(): Promise<void> {
  await Promise.all([...running.values()].map(({ stop }) => stop()));
}

function keepReports(reports: Record<string, NoDelayReport>): void {
  for (const [label, report] of Object.entries(reports))
    noDelayReports.set(label, [...(noDelayReports.get(label) ?? []), report]);
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = waitForExit(child);
  send(child, { type: 'stop' });
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(killer);
}

/** The pids of the external servers a row uses, found once (see serverProcesses). */
async function externalProcesses(
  context: Pick<ScenarioContext, 'endpoints'>,
  uses: readonly ('rabbitmq' | 'redis' | 'kafka')[],
): Promise<() => WatchedProcess[]> {
  const servers = serverProcesses(
    brokerServers({
      rabbitmq: context.endpoints.rabbitmqUrl,
      redis: context.endpoints.redisUrl,
      postgres: undefined,
    }).filter((server) => uses.includes(server.name === 'RabbitMQ' ? 'rabbitmq' : 'redis')),
  );
  const kafka = uses.includes('kafka') ? (await context.endpoints.kafka()).process : undefined;
  return () => [...servers.processes(), ...(kafka === undefined ? [] : [kafka])];
}

/**
 * Starts the server `kind` in a process of its own (a child of the bench, over an IPC channel) and resolves
 * once it is ready, with what it answered (its port, …). The process runs the bench's TCP_NODELAY check on
 * its own sockets and reports it as it stops. It stops with `stop`, when the bench stops it on Ctrl-C, or
 * by itself when the bench exits (its IPC channel closes): none is left behind.
 */
export async function startServerProcess<K extends ServerKind>(
  context: Pick<ScenarioContext, 'endpoints' | 'log'>,
  kind: K,
  params: ServerKinds[K]['params'],
  options: ServerProcessOptions = {},
): Promise<ServerProcess<ServerKinds[K]['ready']>> {
  const entry = childEntry(kind);
  started += 1;
  const child = fork(entry.path, [], {
    cwd: repoRoot(),
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(...chunk.split('\n').filter((line) => line !== ''));
    stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopChild(child).finally(() => running.delete(child)));
  running.set(child, { shared: options.shared === true, stop });

  const ready = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${kind} server process: not ready within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const detail = stderr.length > 0 ? `: ${stderr.join(' | ')}` : '';
      reject(
        new Error(`${kind} server process exited (${signal ?? String(code)}) before it was ready${detail}`),
      );
    });
    child.on('message', (message: unknown) => {
      if (!isFromServer(message)) return;
      handle(
        message,
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  });
  const handle = (
    message: FromServer,
    resolve: (ready: unknown) => void,
    reject: (error: Error) => void,
  ): void => {
    switch (message.type) {
      case 'ready':
        resolve(message.ready);
        return;
      case 'failed':
        reject(new Error(`${kind} server process: ${message.message}`));
        return;
      case 'receipts':
        message.ids.forEach((id, i) => options.onReceipt?.(id, message.at[i] ?? process.hrtime.bigint()));
        return;
      case 'log':
        context.log(`${kind} server process: ${message.line}`);
        return;
      case 'no-delay':
        keepReports(message.reports);
    }
  };
  send(child, { type: 'start', kind, params, label: options.label ?? currentLabel });
  try {
    const answered = (await ready) as ServerKinds[K]['ready'];
    const external = await externalProcesses(context, options.uses ?? []);
    const pid = child.pid ?? 0;
    const name = options.name ?? 'server process';
    return {
      pid,
      ready: answered,
      processes: () => [{ pid, name }, ...external()],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
