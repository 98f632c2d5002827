// @ts-check
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package directory a script of libs/contracts works on: `--dir <dir>` among its arguments (the
 * integration tests point it at a scratch copy), else this folder's parent (libs/contracts).
 * @param {string[]} argv
 */
export function packageDirFrom(argv) {
  const flag = argv.indexOf('--dir');
  if (flag !== -1) {
    const value = argv[flag + 1];
    if (!value) throw new Error('--dir needs a directory');
    return resolve(value);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}
