import { existsSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem, type as osType, arch } from 'node:os';
import { dirname, join } from 'node:path';

import type { MachineInfo } from './bench-results';

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    os: `${osType()} ${release()} ${arch()}`,
    node: process.version,
  };
}

/** The packages whose versions shape the numbers. */
export const MEASURED_PACKAGES = [
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  'amqplib',
  'kafkajs',
  'ioredis',
  'hdr-histogram-js',
  'echarts',
] as const;

/** The installed version of a package: its package.json, found above its resolved entry point. */
export function installedVersion(name: string): string {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return 'not installed';
  }
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === name && parsed.version !== undefined) return parsed.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function packageVersions(): Record<string, string> {
  return Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, installedVersion(name)]));
}
