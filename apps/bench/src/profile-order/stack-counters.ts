import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type pg from 'pg';

import { commandLine, processCpuMs, processTree } from '../processes/process-cpu';

/** One process of the stack: its CPU so far and, for Node processes, the statements it sent so far. */
export interface ProcessCounters {
  name: string;
  cpuMs: number;
  statements: number;
  byStatement: Map<string, number>;
}

/** One table's access counters (pg_stat_user_tables). */
export interface TableCounters {
  seqScan: number;
  seqTupRead: number;
  idxScan: number;
  idxTupFetch: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/** Every counter the profile compares, at one moment. */
export interface StackCounters {
  atMs: number;
  processes: Map<string, ProcessCounters>;
  tables: Map<string, TableCounters>;
  commits: number;
  rollbacks: number;
}

/** A readable name for a process of the stack: the service whose entry it runs, or what it is. */
export function processName(cmdline: string, startPid: number, pid: number): string {
  if (pid === startPid) return 'pnpm start (kafka-lite, trace store)';
  const app = /apps\/([a-z-]+)\/src\/main\.ts/.exec(cmdline)?.[1];
  const program = cmdline.split(' ')[0] ?? '';
  return app ?? (program === '' ? `pid ${String(pid)}` : program);
}

interface StatementFile {
  total: number;
  statements: [string, number][];
}

function readStatements(profileDir: string, pid: number): StatementFile | undefined {
  const file = join(profileDir, `${String(pid)}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StatementFile;
  } catch {
    return undefined; // caught mid-write: read again next time
  }
}

function add(into: Map<string, ProcessCounters>, counters: ProcessCounters): void {
  const seen = into.get(counters.name);
  if (seen === undefined) {
    into.set(counters.name, counters);
    return;
  }
  seen.cpuMs += counters.cpuMs;
  seen.statements += counters.statements;
  for (const [sql, n] of counters.byStatement)
    seen.byStatement.set(sql, (seen.byStatement.get(sql) ?? 0) + n);
}

/**
 * Reads every counter: CPU of each process under `pnpm start` and of each PostgreSQL backend of the
 * stack's database (all backends summed as "postgres"), statements per process (from the preloaded
 * counter's files), table access and transaction counts of the database.
 */
export async function readCounters(options: {
  startPid: number;
  profileDir: string;
  db: pg.Client;
  database: string;
}): Promise<StackCounters> {
  const processes = new Map<string, ProcessCounters>();
  const pids = processTree(options.startPid);
  // The statement counter writes its counts when asked (SIGUSR2; Node processes only, each has one).
  const isNode = (pid: number) => commandLine(pid).split(' ')[0] === process.execPath;
  for (const pid of pids.filter(isNode)) {
    try {
      process.kill(pid, 'SIGUSR2');
    } catch {
      // it exited since the listing: nothing to count
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  // Statistics reach the views up to a second after a transaction; a fresh snapshot per read.
  await options.db.query('SELECT pg_stat_clear_snapshot()');
  for (const pid of pids) {
    const cpuMs = processCpuMs(pid);
    if (cpuMs === undefined) continue;
    const statements = readStatements(options.profileDir, pid);
    add(processes, {
      name: processName(commandLine(pid), options.startPid, pid),
      cpuMs,
      statements: statements?.total ?? 0,
      byStatement: new Map(statements?.statements ?? []),
    });
  }
  const backends = await options.db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [options.database],
  );
  for (const { pid } of backends.rows) {
    const cpuMs = processCpuMs(pid);
    if (cpuMs !== undefined)
      add(processes, { name: 'postgres', cpuMs, statements: 0, byStatement: new Map() });
  }
  const tables = await options.db.query<{
    name: string;
    seq_scan: string;
    seq_tup_read: string;
    idx_scan: string | null;
    idx_tup_fetch: string | null;
    n_tup_ins: string;
    n_tup_upd: string;
    n_tup_del: string;
  }>(
    `SELECT schemaname || '.' || relname AS name, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch,
            n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables`,
  );
  const database = await options.db.query<{ xact_commit: string; xact_rollback: string }>(
    'SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = $1',
    [options.database],
  );
  return {
    atMs: performance.now(),
    processes,
    tables: new Map(
      tables.rows.map((row) => [
        row.name,
        {
          seqScan: Number(row.seq_scan),
          seqTupRead: Number(row.seq_tup_read),
          idxScan: Number(row.idx_scan ?? 0),
          idxTupFetch: Number(row.idx_tup_fetch ?? 0),
          inserted: Number(row.n_tup_ins),
          updated: Number(row.n_tup_upd),
          deleted: Number(row.n_tup_del),
        },
      ]),
    ),
    commits: Number(database.rows[0]?.xact_commit ?? 0),
    rollbacks: Number(database.rows[0]?.xact_rollback ?? 0),
  };
}
