import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { type K8sObject, parseManifests } from './manifests';

const run = promisify(execFile);

/** `kubectl kustomize <dir>` failed: the kustomization does not build. */
export class RenderError extends Error {
  readonly code = 'KUSTOMIZE_FAILED';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RenderError';
  }
}

/** Renders a kustomization with `kubectl kustomize` and parses the objects it prints. */
export async function renderKustomization(kubectl: string, dir: string): Promise<K8sObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(kubectl, ['kustomize', dir], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new RenderError(`kubectl kustomize ${dir} failed: ${stderr.trim() || String(error)}`, {
      cause: error,
    });
  }
  return parseManifests(stdout);
}
