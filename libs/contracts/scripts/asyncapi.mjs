#!/usr/bin/env node
// @ts-check
/**
 * `pnpm asyncapi:generate` / `pnpm asyncapi:check`: the AsyncAPI document of commlab's events.
 *
 *  - generate: builds the document from src (buildAsyncApiDocument, src/asyncapi) and writes it,
 *    formatted by the repo's Prettier config, to asyncapi/commlab.asyncapi.json;
 *  - check: builds it the same way into memory and exits 1 when the committed file is missing or differs
 *    (like proto:check, it never writes and does not ask git).
 *
 * It imports TypeScript sources, so it runs under tsx: `node --import tsx scripts/asyncapi.mjs <mode>`.
 * Usage: node --import tsx scripts/asyncapi.mjs generate|check [--dir <package dir>]
 * The package directory defaults to the parent of this script's directory (libs/contracts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { packageDirFrom } from './package-dir.mjs';

export const DOCUMENT_PATH = join('asyncapi', 'commlab.asyncapi.json');
const STALE_MESSAGE = 'the AsyncAPI document is stale: run pnpm asyncapi:generate';

/**
 * The document as the file should read: built from the package's own src, Prettier-formatted.
 * @param {string} packageDir
 */
async function render(packageDir) {
  const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  /** @type {{ buildAsyncApiDocument: (options: { version: string }) => unknown }} */
  const builder = await import(
    pathToFileURL(join(packageDir, 'src', 'asyncapi', 'asyncapi-document.ts')).href
  );
  const document = builder.buildAsyncApiDocument({ version: String(pkg.version) });
  const prettier = await import('prettier');
  const target = join(packageDir, DOCUMENT_PATH);
  const config = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(JSON.stringify(document), { ...config, filepath: target });
}

async function main() {
  const args = process.argv.slice(2);
  const mode = args[0];
  const packageDir = packageDirFrom(args);
  const target = join(packageDir, DOCUMENT_PATH);
  const fresh = await render(packageDir);

  if (mode === 'generate') {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, fresh);
    console.log(`asyncapi:generate: wrote ${DOCUMENT_PATH}`);
    return 0;
  }
  if (mode === 'check') {
    if (!existsSync(target)) {
      console.error(`asyncapi:check: ${STALE_MESSAGE}\n  missing:  ${DOCUMENT_PATH}`);
      return 1;
    }
    if ((await readFile(target, 'utf8')) !== fresh) {
      console.error(`asyncapi:check: ${STALE_MESSAGE}\n  differs:  ${DOCUMENT_PATH}`);
      return 1;
    }
    console.log('asyncapi:check: the AsyncAPI document is up to date');
    return 0;
  }
  console.error('usage: asyncapi.mjs generate|check [--dir <package dir>]');
  return 2;
}

process.exitCode = await main();
