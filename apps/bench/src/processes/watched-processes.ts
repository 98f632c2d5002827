import { basename } from 'node:path';

import type { CpuSample, WatchedProcess } from './cpu-accounting';
import { portOwnerPid } from './port-owner';
import { commandLine, processCpuMs, processTree } from './process-cpu';

/** The CPU time each process has used so far; processes that are gone are left out. */
export function sampleCpu(processes: readonly WatchedProcess[]): CpuSample {
  const sample = new Map<number, { name: string; cpuMs: number }>();
  for (const { pid, name } of processes) {
    const cpuMs = processCpuMs(pid);
    if (cpuMs !== undefined) sample.set(pid, { name, cpuMs });
  }
  return sample;
}

/**
 * A readable name for a process of a `pnpm start` tree: `startName` for its root, the app whose entry it
 * runs (`apps/<name>/src/main.ts`: order-service, console, …), else its program's file name. Pure.
 */
export function stackProcessName(cmdline: string, isRoot: boolean, startName: string): string {
  if (isRoot) return startName;
  const app = /apps\/([a-z-]+)\/src\/main\.ts/.exec(cmdline)?.[1];
  if (app !== undefined) return app;
  const program = cmdline.split(' ')[0] ?? '';
  return program === '' ? 'other' : basename(program);
}

/** `root` and every process below it, each named by stackProcessName. */
export function treeProcesses(root: number, rootName: string): WatchedProcess[] {
  return processTree(root).map((pid) => ({
    pid,
    name: stackProcessName(commandLine(pid), pid === root, rootName),
  }));
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** A server the stack uses, found by the port it listens on: its URL's, or the scheme's default. */
export interface ServerAddress {
  name: string;
  url: string;
  defaultPort: number;
  /** Count the processes below it too (PostgreSQL's backends, RabbitMQ's helpers). */
  withChildren?: boolean;
}

/**
 * The servers the services use, as ServerAddress: RabbitMQ's beam (with its helpers), Redis and, when
 * given, PostgreSQL (the postmaster with every backend: the whole server, other databases' too).
 */
export function brokerServers(urls: {
  rabbitmq: string;
  redis: string;
  postgres: string | undefined;
}): ServerAddress[] {
  return [
    { name: 'RabbitMQ', url: urls.rabbitmq, defaultPort: 5672, withChildren: true },
    { name: 'Redis', url: urls.redis, defaultPort: 6379 },
    ...(urls.postgres === undefined
      ? []
      : [{ name: 'PostgreSQL', url: urls.postgres, defaultPort: 5432, withChildren: true }]),
  ];
}

/**
 * Finds the process of each server that runs on this machine (its URL's host is loopback) by the owner
 * of its listening port, once; `processes()` then lists it (`withChildren`: with the processes below it
 * as they are at that moment). Servers it cannot find are left out and
 * named in `missing`: another user's process without root, a remote host, or a container's published port.
 */
export function serverProcesses(servers: readonly ServerAddress[]): {
  processes(): WatchedProcess[];
  missing: string[];
} {
  const found: { name: string; pid: number; withChildren: boolean }[] = [];
  const missing: string[] = [];
  for (const server of servers) {
    const url = new URL(server.url);
    const pid = LOOPBACK.has(url.hostname)
      ? portOwnerPid(url.port === '' ? server.defaultPort : Number(url.port))
      : undefined;
    if (pid === undefined) missing.push(server.name);
    else found.push({ name: server.name, pid, withChildren: server.withChildren === true });
  }
  return {
    processes: () =>
      found.flatMap(({ name, pid, withChildren }) =>
        (withChildren ? processTree(pid) : [pid]).map((p) => ({ pid: p, name })),
      ),
    missing,
  };
}
