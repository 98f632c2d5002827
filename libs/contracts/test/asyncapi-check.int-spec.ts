import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { editFile, PACKAGE_DIR, runTsxScript, usePackageCopy } from './support/package-copy';

/**
 * `asyncapi:check` / `asyncapi:generate` (scripts/asyncapi.mjs) on a scratch copy of this package: the
 * check passes on the committed tree, fails with the stale message once an event schema changes without
 * regenerating (or the file is missing), and generate makes it pass again, byte for byte.
 */
const DOCUMENT = join('asyncapi', 'commlab.asyncapi.json');
const STALE = 'the AsyncAPI document is stale: run pnpm asyncapi:generate';

const runScript = (mode: 'check' | 'generate', packageDir: string) =>
  runTsxScript('asyncapi.mjs', [mode], packageDir);

// Each case starts Node with tsx and Prettier; allow for a busy machine.
jest.setTimeout(60_000);

describe('asyncapi:check', () => {
  const copy = usePackageCopy({
    prefix: 'commlab-contracts-asyncapi-',
    entries: ['src', 'asyncapi', 'package.json'],
    prettierConfig: true,
  });

  it('passes when the committed document matches the code', async () => {
    const result = await runScript('check', copy());
    expect(result.output).toContain('the AsyncAPI document is up to date');
    expect(result.code).toBe(0);
  });

  it('fails when an event schema changed without regenerating, and generate fixes it', async () => {
    await editFile(join(copy(), 'src', 'events', 'order-placed', 'order-placed.v1.ts'), (schema) =>
      schema.replace('  placedAt: isoTime,\n', '$&  couponCode: z.string().optional(),\n'),
    );

    const stale = await runScript('check', copy());
    expect(stale.code).not.toBe(0);
    expect(stale.output).toContain(STALE);
    expect(stale.output).toContain(`differs:  ${DOCUMENT}`);

    const generated = await runScript('generate', copy());
    expect(generated.code).toBe(0);
    expect(await readFile(join(copy(), DOCUMENT), 'utf8')).toContain('"couponCode"');
    const fresh = await runScript('check', copy());
    expect(fresh.output).toContain('up to date');
    expect(fresh.code).toBe(0);
  });

  it('fails when the document is missing', async () => {
    await unlink(join(copy(), DOCUMENT));
    const result = await runScript('check', copy());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`missing:  ${DOCUMENT}`);
  });

  it('generates the same bytes as committed (deterministic)', async () => {
    const committed = await readFile(join(PACKAGE_DIR, DOCUMENT), 'utf8');
    expect((await runScript('generate', copy())).code).toBe(0);
    expect(await readFile(join(copy(), DOCUMENT), 'utf8')).toBe(committed);
  });
});
