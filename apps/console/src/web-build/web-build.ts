import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The console package's folder: the nearest one above `from` with a package.json (src/ or dist/ alike). */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where the page's static build lives: `<package>/dist/web` (what `pnpm build` writes and the image ships). */
export function webDir(root: string): string {
  return join(root, 'dist', 'web');
}

/** The newest modification time of any file under `dir` (0 when there is none). */
export function newestChange(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether the page must be (re)built: no build, or a source of the page changed after it. */
export function webBuildNeeded(root: string): boolean {
  const index = join(webDir(root), 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(newestChange(join(root, 'web')), newestChange(join(root, 'src', 'common')));
  return sources > statSync(index).mtimeMs;
}

/**
 * In a checkout (`pnpm start` runs the console from its sources) builds the page with Vite when it is
 * missing or older than its sources, into a fresh folder that then replaces dist/web (two stacks starting
 * at once never serve half a build). Where Vite is not installed (a production image) the build must
 * already be there.
 */
export async function ensureWebBuild(root: string, log: (line: string) => void): Promise<void> {
  if (!webBuildNeeded(root)) return;
  let vite: string;
  try {
    vite = join(dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
  } catch {
    if (existsSync(join(webDir(root), 'index.html'))) return; // sources changed, but no Vite here: serve what exists
    throw new Error(`the console's web page is not built (${webDir(root)}): run pnpm build`);
  }
  const target = webDir(root);
  const fresh = `${target}.build-${String(process.pid)}`;
  log(`building the console's web page with Vite (${target})…`);
  await run(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      join(root, 'web', 'vite.config.mts'),
      '--outDir',
      fresh,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      timeout: 5 * 60_000,
    },
  );
  const old = `${target}.old-${String(process.pid)}`;
  await rename(target, old).catch(() => undefined);
  try {
    await rename(fresh, target);
  } catch (error) {
    // Another stack starting at the same moment put its build there first: the same page, keep it.
    if (!existsSync(join(target, 'index.html'))) throw error;
    await rm(fresh, { recursive: true, force: true });
  }
  await rm(old, { recursive: true, force: true });
}
