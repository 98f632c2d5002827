#!/usr/bin/env node
// @ts-check
/**
 * `pnpm events:snapshot` / `pnpm events:check`: the committed JSON Schema of every message type
 * (event-schemas/<type>.json) against the zod schemas of MESSAGE_DATA_SCHEMAS.
 *
 *  - check: exits 1 when a schema changed incompatibly within its version (make it a new version), when a
 *    compatible change or a new type is not snapshotted yet, or when a snapshotted type left the registry;
 *  - snapshot: writes the snapshots of new types and of compatible changes; refuses, writing nothing,
 *    when any type changed incompatibly, left the registry, or has an unreadable snapshot.
 *
 * The decisions are src/compatibility (reviewSnapshots, checkReport, snapshotPlan); this file reads and
 * writes. It imports TypeScript sources, so it runs under tsx:
 * Usage: node --import tsx scripts/event-schemas.mjs snapshot|check [--dir <package dir>]
 * The package directory defaults to the parent of this script's directory (libs/contracts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { packageDirFrom } from './package-dir.mjs';

/** @typedef {import('../src/compatibility/index.ts')} Compatibility */

/**
 * The committed snapshots: type → file text.
 * @param {Compatibility} compatibility
 * @param {string} dir
 */
async function readSnapshots(compatibility, dir) {
  /** @type {Map<string, string>} */
  const snapshots = new Map();
  if (!existsSync(dir)) return snapshots;
  for (const name of (await readdir(dir)).sort()) {
    const type = compatibility.typeOfSnapshotFile(name);
    if (type !== undefined) snapshots.set(type, await readFile(join(dir, name), 'utf8'));
  }
  return snapshots;
}

/**
 * The snapshots as the code gives them: type → text, Prettier-formatted with the repo's config.
 * @param {Compatibility} compatibility
 * @param {string} dir
 */
async function renderSnapshots(compatibility, dir) {
  const prettier = await import('prettier');
  /** @type {Map<string, string>} */
  const rendered = new Map();
  for (const [type, schema] of compatibility.eventSchemaSnapshots()) {
    const target = join(dir, compatibility.snapshotFileName(type));
    const config = (await prettier.resolveConfig(target)) ?? {};
    rendered.set(type, await prettier.format(JSON.stringify(schema), { ...config, filepath: target }));
  }
  return rendered;
}

/**
 * @param {string} tool
 * @param {string[]} lines
 * @param {(text: string) => void} print
 */
function report(tool, lines, print) {
  print(lines.map((line) => (line.startsWith('  ') ? line : `${tool}: ${line}`)).join('\n'));
}

async function main() {
  const args = process.argv.slice(2);
  const mode = args[0];
  if (mode !== 'snapshot' && mode !== 'check') {
    console.error('usage: event-schemas.mjs snapshot|check [--dir <package dir>]');
    return 2;
  }
  const packageDir = packageDirFrom(args);
  /** @type {Compatibility} */
  const compatibility = await import(
    pathToFileURL(join(packageDir, 'src', 'compatibility', 'index.ts')).href
  );
  const dir = join(packageDir, compatibility.EVENT_SCHEMAS_DIR);
  const current = await renderSnapshots(compatibility, dir);
  const findings = compatibility.reviewSnapshots(await readSnapshots(compatibility, dir), current);

  if (mode === 'check') {
    const result = compatibility.checkReport(findings);
    report('events:check', result.lines, result.failed ? console.error : console.log);
    return result.failed ? 1 : 0;
  }
  const plan = compatibility.snapshotPlan(findings);
  if (plan.refused) {
    report('events:snapshot', plan.lines, console.error);
    return 1;
  }
  await mkdir(dir, { recursive: true });
  for (const type of plan.write) {
    await writeFile(join(dir, compatibility.snapshotFileName(type)), current.get(type) ?? '');
  }
  report('events:snapshot', plan.lines, console.log);
  return 0;
}

process.exitCode = await main();
