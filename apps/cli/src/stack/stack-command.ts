import { relative, resolve } from 'node:path';

import { ConfigError, loadConfig } from '@commlab/config';

import { repoRoot } from '../repo-root';
import type { CommandIo } from '../start/command-io';
import { startConfigSchema } from '../start/start.config';
import { parseStackArgs, STACK_USAGE, type StackArgs, StackUsageError } from './stack-args';
import { callStackControl, type ServiceStatus, stackControlSocket } from '@commlab/stack-ops';

/** A path relative to the repository when it is inside it, else absolute. */
function shortPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') ? path : inside;
}

function formatStatusTable(services: readonly ServiceStatus[]): string[] {
  const rows = [
    ['service', 'state', 'pid', 'http', 'grpc'],
    ...services.map((s) => [
      s.name,
      s.state,
      s.pid === null ? '–' : String(s.pid),
      String(s.httpPort),
      s.grpcPort === null ? '–' : String(s.grpcPort),
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** Under the table: the services pnpm start restarted after a crash, or is about to. */
export function formatRestartNotes(services: readonly ServiceStatus[], now: number): string[] {
  const times = (n: number) => `${String(n)} time${n === 1 ? '' : 's'}`;
  return services.flatMap((s) => {
    const loop = s.crashLoop ? ' — a crash loop: it keeps crashing, see its log' : '';
    if (s.state === 'restarting') {
      const inMs = s.restartAt === null ? 0 : Math.max(0, Date.parse(s.restartAt) - now);
      return [
        `${s.name}: crashed; pnpm start restarts it in ${(inMs / 1000).toFixed(1)} s${loop} (restarted ${times(s.restarts)} so far; "pnpm stack start ${s.name}" now, "pnpm stack stop ${s.name}" to stop retrying)`,
      ];
    }
    return s.restarts > 0 ? [`${s.name}: restarted ${times(s.restarts)} after a crash${loop}`] : [];
  });
}

function describe(action: string, status: ServiceStatus, env: Record<string, string>): string {
  const extra = Object.keys(env);
  const withEnv =
    extra.length === 0 ? '' : ` with ${extra.map((name) => `${name}=${env[name] ?? ''}`).join(' ')}`;
  switch (action) {
    case 'stop':
      return `${status.name}: stopped (pnpm start does not restart it) — the rest of the stack keeps running ("pnpm stack start ${status.name}" brings it back)`;
    case 'pause':
      return `${status.name}: paused (SIGSTOP, pid ${String(status.pid)}) — it keeps its ports but answers nothing until "pnpm stack resume ${status.name}"`;
    default:
      return `${status.name}: running${withEnv} (pid ${String(status.pid)}, http://127.0.0.1:${String(status.httpPort)})`;
  }
}

/** `pnpm stack …`: status of, or one action on, the services of the `pnpm start` running in this checkout. */
export async function stackCommand(io: CommandIo, argv: readonly string[]): Promise<number> {
  let args: StackArgs;
  let dataDir: string;
  try {
    args = parseStackArgs(argv);
    dataDir = loadConfig(startConfigSchema.pick({ COMMLAB_DATA_DIR: true })).COMMLAB_DATA_DIR;
  } catch (error) {
    if (error instanceof StackUsageError) {
      io.err(`commlab stack: ${error.message}\n${STACK_USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`commlab stack: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (args.kind === 'help') {
    io.out(STACK_USAGE);
    return 0;
  }
  const root = repoRoot();
  const socket = stackControlSocket(resolve(root, dataDir));
  let answer: { status: number; body: unknown };
  try {
    answer =
      args.kind === 'status'
        ? await callStackControl(socket, 'GET', '/services')
        : await callStackControl(
            socket,
            'POST',
            `/services/${encodeURIComponent(args.service)}/${args.action}`,
            args.action === 'start' ? { env: args.env } : undefined,
          );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      io.err(
        `commlab stack: no pnpm start is running here (nothing answers on ${shortPath(root, socket)}). ` +
          'Start the stack first: pnpm start',
      );
      return 1;
    }
    throw error;
  }
  if (answer.status !== 200) {
    const { message } = answer.body as { message?: string };
    io.err(`commlab stack: ${message ?? JSON.stringify(answer.body)}`);
    return 1;
  }
  if (args.kind === 'status') {
    const { services } = answer.body as { services: ServiceStatus[] };
    for (const line of [...formatStatusTable(services), ...formatRestartNotes(services, Date.now())])
      io.out(line);
  } else {
    io.out(describe(args.action, answer.body as ServiceStatus, args.env));
  }
  return 0;
}
