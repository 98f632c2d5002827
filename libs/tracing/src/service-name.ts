import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The name a started service reports as `service.name`: the package that holds the entry script
 * (`apps/order-service/src/main.ts` and the image's `/app/dist/main.js` both belong to
 * `@commlab/order-service` → `order-service`). `undefined` when there is none.
 */
export function packageNameOf(entryScript: string | undefined): string | undefined {
  if (entryScript === undefined) return undefined;
  for (let dir = dirname(entryScript); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      return typeof name === 'string' && name !== '' ? name.replace(/^@[^/]+\//, '') : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
