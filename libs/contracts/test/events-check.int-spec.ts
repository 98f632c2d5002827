import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { editFile, PACKAGE_DIR, runTsxScript, usePackageCopy } from './support/package-copy';

/**
 * `events:check` / `events:snapshot` (scripts/event-schemas.mjs) on a scratch copy of this package: the
 * check passes on the committed snapshots; it fails on a change that breaks a version's readers (and
 * snapshot refuses to write it), on a compatible change or a new type not snapshotted yet (and snapshot
 * fixes that), and on a snapshotted type the registry no longer has.
 */
const SNAPSHOTS = 'event-schemas';
const PLACED = 'commlab.order.placed.v1';
const PLACED_FILE = join(SNAPSHOTS, `${PLACED}.json`);
const RUN_SNAPSHOT = 'run pnpm events:snapshot';

const runScript = (mode: 'check' | 'snapshot', packageDir: string) =>
  runTsxScript('event-schemas.mjs', [mode], packageDir);

// Each case starts Node with tsx and Prettier, some twice or three times; allow for a busy machine.
jest.setTimeout(90_000);

describe('events:check', () => {
  const copy = usePackageCopy({
    prefix: 'commlab-contracts-events-',
    entries: ['src', SNAPSHOTS, 'package.json'],
    prettierConfig: true,
  });
  const placedSchema = () => join(copy(), 'src', 'events', 'order-placed', 'order-placed.v1.ts');

  it('passes when the committed snapshots match the code, and snapshot has nothing to write', async () => {
    const result = await runScript('check', copy());
    expect(result.output).toContain('every event schema matches its snapshot');
    expect(result.code).toBe(0);

    const snapshot = await runScript('snapshot', copy());
    expect(snapshot.output).toContain('every snapshot is up to date');
    expect(snapshot.code).toBe(0);
  });

  it('fails on a breaking change within a version, naming type, path, change and the next version', async () => {
    // A required field, and a tighter bound on a shared field nested in the lines of several types.
    await editFile(placedSchema(), (schema) =>
      schema.replace('  placedAt: isoTime,\n', '$&  couponCode: z.string(),\n'),
    );
    await editFile(join(copy(), 'src', 'events', 'common', 'primitives.ts'), (primitives) =>
      primitives.replace('z.number().int().min(1).max(10_000)', 'z.number().int().min(1).max(500)'),
    );

    const result = await runScript('check', copy());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`events:check: ${PLACED} changed incompatibly within its version:`);
    expect(result.output).toContain('  $.items[*].quantity: maximum changed from 10000 to 500');
    expect(result.output).toContain('  $.couponCode: required field added (old messages do not have it)');
    expect(result.output).toContain('make it a new version: commlab.order.placed.v2');
    expect(result.output).toContain('make it a new version: commlab.inventory.reserve-stock.v2');

    const snapshot = await runScript('snapshot', copy());
    expect(snapshot.code).not.toBe(0);
    expect(snapshot.output).toContain('events:snapshot: refused, nothing written:');
    expect(snapshot.output).toContain('make it a new version: commlab.order.placed.v2');
    expect(await readFile(join(copy(), PLACED_FILE), 'utf8')).toBe(
      await readFile(join(PACKAGE_DIR, PLACED_FILE), 'utf8'),
    );
  });

  it('fails on a compatible change not snapshotted yet, and snapshot records it', async () => {
    await editFile(placedSchema(), (schema) =>
      schema.replace('  placedAt: isoTime,\n', '$&  couponCode: z.string().optional(),\n'),
    );

    const stale = await runScript('check', copy());
    expect(stale.code).not.toBe(0);
    expect(stale.output).toContain(
      `${PLACED} changed compatibly but is not snapshotted yet: ${RUN_SNAPSHOT}`,
    );

    const snapshot = await runScript('snapshot', copy());
    expect(snapshot.output).toContain(`wrote ${SNAPSHOTS}/${PLACED}.json (compatible change)`);
    expect(snapshot.code).toBe(0);
    expect(await readFile(join(copy(), PLACED_FILE), 'utf8')).toContain('"couponCode"');
    const fresh = await runScript('check', copy());
    expect(fresh.output).toContain('every event schema matches its snapshot');
    expect(fresh.code).toBe(0);
  });

  it('fails on a type without a snapshot; snapshot writes the same bytes as committed (deterministic)', async () => {
    await rm(join(copy(), SNAPSHOTS), { recursive: true });

    const missing = await runScript('check', copy());
    expect(missing.code).not.toBe(0);
    expect(missing.output).toContain(`${PLACED} is new and not snapshotted yet: ${RUN_SNAPSHOT}`);

    expect((await runScript('snapshot', copy())).code).toBe(0);
    expect(await readFile(join(copy(), PLACED_FILE), 'utf8')).toBe(
      await readFile(join(PACKAGE_DIR, PLACED_FILE), 'utf8'),
    );
    expect((await runScript('check', copy())).code).toBe(0);
  });

  it('fails on a snapshotted type the registry no longer has', async () => {
    // As if commlab.order.shipped.v1 had been registered, snapshotted, then taken out of the registry.
    const retired = join(copy(), SNAPSHOTS, 'commlab.order.shipped.v1.json');
    await writeFile(retired, await readFile(join(PACKAGE_DIR, PLACED_FILE), 'utf8'));

    const result = await runScript('check', copy());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('commlab.order.shipped.v1 has a snapshot');
    expect(result.output).toContain('a version cannot be removed while its messages may still be in a topic');

    const snapshot = await runScript('snapshot', copy());
    expect(snapshot.code).not.toBe(0);
    expect(snapshot.output).toContain('refused, nothing written');
  });
});
