import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The harness of the contracts checks' integration tests (proto:check, asyncapi:check, events:check): a
 * scratch copy of part of this package per test, the package's node_modules linked in, a script run on
 * it as a child process, its exit code and output collected.
 */
export const PACKAGE_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(PACKAGE_DIR, '..', '..');

export interface RunResult {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/** Runs `node <args>` in `cwd` to its end. */
export function runNode(args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, output });
    });
  });
}

/**
 * One of this package's scripts that imports TypeScript (so under tsx), run on a copy with `--dir`: its
 * imports of tsx and Prettier resolve from the repo, the sources it loads are the copy's.
 */
export function runTsxScript(
  script: string,
  args: readonly string[],
  packageDir: string,
): Promise<RunResult> {
  return runNode(
    ['--import', 'tsx', join(PACKAGE_DIR, 'scripts', script), ...args, '--dir', packageDir],
    PACKAGE_DIR,
  );
}

export interface PackageCopyOptions {
  /** Prefix of the temporary directory's name. */
  prefix: string;
  /** Files and folders of the package to copy, relative to it. */
  entries: readonly string[];
  /** Copy the repo's Prettier config too, so formatted output is the same as in the repo. */
  prettierConfig?: boolean;
}

/**
 * A fresh copy of the package for each test of the calling `describe`, removed after it; the returned
 * function gives the current copy's directory.
 */
export function usePackageCopy(options: PackageCopyOptions): () => string {
  let copy: string | undefined;

  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), options.prefix));
    copy = dir;
    for (const entry of options.entries) {
      await cp(join(PACKAGE_DIR, entry), join(dir, entry), { recursive: true });
    }
    if (options.prettierConfig === true) {
      // Prettier looks for its config from the file upwards.
      await cp(join(REPO_ROOT, '.prettierrc.json'), join(dir, '.prettierrc.json'));
    }
    await symlink(join(PACKAGE_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });

  afterEach(async () => {
    if (copy !== undefined) await rm(copy, { recursive: true, force: true });
    copy = undefined;
  });

  return () => {
    if (copy === undefined) throw new Error('usePackageCopy: the copy exists only inside a test');
    return copy;
  };
}

/** Rewrites a file with `edit`; throws when the edit changed nothing (a test that edits must edit). */
export async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  const text = await readFile(path, 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`editFile: the edit changed nothing in ${path}`);
  await writeFile(path, edited);
}
