import type * as JoseExports from 'jose' with { 'resolution-mode': 'import' };

export type Jose = typeof JoseExports;
/** jose's key type (a WebCrypto CryptoKey). */
export type JoseCryptoKey = JoseExports.CryptoKey;

let loading: Promise<Jose> | undefined;

/**
 * Loads `jose` once. jose 6 ships only as an ES module, so this CommonJS package imports it dynamically:
 * Node (the service, `pnpm start`) loads it natively; Jest runs with --experimental-vm-modules (root
 * package.json), which lets its sandbox `import()` ES modules.
 */
export function loadJose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}
