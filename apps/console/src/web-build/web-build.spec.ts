import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { newestChange, packageRoot, webBuildNeeded } from './web-build';

describe('the web build check', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'console-web-build-'));
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    mkdirSync(join(root, 'src', 'common'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const touch = (path: string, secondsAgo: number) => {
    writeFileSync(path, 'x');
    const at = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(path, at, at);
  };

  it('wants a build when there is none, or when a page source or shared type is newer', () => {
    touch(join(root, 'web', 'src', 'App.tsx'), 100);
    expect(webBuildNeeded(root)).toBe(true);
    mkdirSync(join(root, 'dist', 'web'), { recursive: true });
    touch(join(root, 'dist', 'web', 'index.html'), 50);
    expect(webBuildNeeded(root)).toBe(false);
    touch(join(root, 'src', 'common', 'api.ts'), 10);
    expect(webBuildNeeded(root)).toBe(true);
  });

  it('skips node_modules when it looks for the newest change', () => {
    touch(join(root, 'web', 'index.html'), 100);
    mkdirSync(join(root, 'web', 'node_modules'));
    touch(join(root, 'web', 'node_modules', 'x.js'), 1);
    expect(Math.round((Date.now() - newestChange(join(root, 'web'))) / 1000)).toBeGreaterThanOrEqual(99);
  });

  it('finds the package folder from inside it', () => {
    expect(packageRoot(join(root, 'web', 'src'))).toBe(root);
  });
});
