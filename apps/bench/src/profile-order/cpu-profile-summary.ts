import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What a sample's function belongs to: an npm package, a workspace file, Node itself, or V8. */
export function codeOwner(url: string, functionName: string): string {
  // V8's own entries are already parenthesised: (idle), (program), (garbage collector).
  if (url === '') return functionName.startsWith('(') ? functionName : `(${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  if (url.startsWith('node:')) return url;
  const workspace = /\/((?:apps|libs|infra)\/[^/]+\/src\/.*)$/.exec(url)?.[1];
  return workspace ?? url;
}

/**
 * Self time per code owner (package or workspace file) of one .cpuprofile, counting only the samples
 * taken between `fromUs` and `toUs` (the clock of `process.hrtime`, which V8's profiler uses too).
 */
export function selfTimeByOwner(profile: CpuProfile, fromUs: number, toUs: number): Map<string, number> {
  const owners = new Map(
    profile.nodes.map((node) => [node.id, codeOwner(node.callFrame.url, node.callFrame.functionName)]),
  );
  const totals = new Map<string, number>();
  let at = profile.startTime;
  for (const [index, nodeId] of profile.samples.entries()) {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const owner = owners.get(nodeId) ?? '?';
    if (at < fromUs || at > toUs || owner === '(idle)') continue;
    totals.set(owner, (totals.get(owner) ?? 0) + delta / 1000);
  }
  return totals;
}

/** The .cpuprofile files in `dir`, by the pid in their name (<pid>.cpuprofile). */
export function readProfiles(dir: string): Map<number, CpuProfile> {
  const profiles = new Map<number, CpuProfile>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const pid = Number(file.split('.')[0]);
    profiles.set(pid, JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
  }
  return profiles;
}

/** Markdown: the `top` owners of each profiled process's self time in the window, in ms per order. */
export function cpuProfileReport(
  dir: string,
  names: Map<number, string>,
  window: { fromUs: number; toUs: number },
  orders: number,
  top = 12,
): string[] {
  const lines: string[] = [];
  for (const [pid, profile] of readProfiles(dir)) {
    const name = names.get(pid);
    if (name === undefined) continue;
    const totals = [...selfTimeByOwner(profile, window.fromUs, window.toUs)].sort((a, b) => b[1] - a[1]);
    const sum = totals.reduce((total, [, ms]) => total + ms, 0);
    lines.push('', `| ${name}: self time by code (sampled) | ms/order |`, '|---|---:|');
    for (const [owner, ms] of totals.slice(0, top)) lines.push(`| ${owner} | ${(ms / orders).toFixed(2)} |`);
    lines.push(`| (all samples) | ${(sum / orders).toFixed(2)} |`);
  }
  return lines;
}
