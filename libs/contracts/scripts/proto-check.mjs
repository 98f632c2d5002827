#!/usr/bin/env node
// @ts-check
/**
 * `pnpm proto:check`: fails when the committed generated code no longer matches the .proto files.
 *
 *  1. `buf lint` (STANDARD rules, buf.yaml);
 *  2. `buf generate` into a fresh temporary directory (same buf.gen.yaml, same local ts-proto);
 *  3. compares that output file by file with the committed src/generated and exits 1, naming every
 *     missing, extra or differing file, if they are not identical.
 *
 * It never touches src/generated and does not ask git, so it works on uncommitted trees too.
 *
 * Usage: node scripts/proto-check.mjs [--dir <package dir>]
 * The package directory defaults to the parent of this script's directory (libs/contracts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

import { packageDirFrom } from './package-dir.mjs';

const GENERATED_DIR = join('src', 'generated');
const STALE_MESSAGE = 'generated code is stale: run pnpm proto:gen';

/**
 * Runs buf from the package's own node_modules, in the package directory.
 * @param {string} packageDir
 * @param {string[]} args
 */
function buf(packageDir, args) {
  const bin = join(packageDir, 'node_modules', '.bin', process.platform === 'win32' ? 'buf.cmd' : 'buf');
  const result = spawnSync(bin, args, { cwd: packageDir, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * Every file below `root`, as sorted '/'-separated paths relative to it.
 * @param {string} root
 * @returns {Promise<string[]>}
 */
async function listFiles(root) {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/**
 * Differences between the committed and the freshly generated tree, as printable lines.
 * @param {string} committedDir
 * @param {string} freshDir
 */
async function compareTrees(committedDir, freshDir) {
  const committed = new Set(await listFiles(committedDir));
  const fresh = new Set(await listFiles(freshDir));
  /** @type {string[]} */
  const problems = [];
  for (const file of [...new Set([...committed, ...fresh])].sort()) {
    const shown = `${GENERATED_DIR.split(sep).join('/')}/${file}`;
    if (!committed.has(file)) problems.push(`  missing:  ${shown} (would be generated)`);
    else if (!fresh.has(file)) problems.push(`  extra:    ${shown} (no longer generated)`);
    else {
      const [a, b] = await Promise.all([readFile(join(committedDir, file)), readFile(join(freshDir, file))]);
      if (!a.equals(b)) problems.push(`  differs:  ${shown}`);
    }
  }
  return problems;
}

async function main() {
  const packageDir = packageDirFrom(process.argv.slice(2));

  console.log('proto:check: buf lint');
  if (buf(packageDir, ['lint']) !== 0) {
    console.error('proto:check: buf lint failed (see above)');
    return 1;
  }

  const outDir = await mkdtemp(join(tmpdir(), 'commlab-proto-check-'));
  try {
    console.log('proto:check: buf generate into a temporary directory');
    if (buf(packageDir, ['generate', '--output', outDir]) !== 0) {
      console.error('proto:check: buf generate failed (see above)');
      return 1;
    }
    const problems = await compareTrees(join(packageDir, GENERATED_DIR), join(outDir, GENERATED_DIR));
    if (problems.length > 0) {
      console.error(`proto:check: ${STALE_MESSAGE}\n${problems.join('\n')}`);
      return 1;
    }
    console.log('proto:check: generated code is up to date');
    return 0;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
