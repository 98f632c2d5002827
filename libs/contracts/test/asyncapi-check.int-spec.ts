import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `asyncapi:check` / `asyncapi:generate` (scripts/asyncapi.mjs) on a scratch copy of this package: the
 * check passes on the committed tree, fails with the stale message once an event schema changes without
 * regenerating (or the file is missing), and generate makes it pass again, byte for byte.
 */
const PACKAGE_DIR = join(__dirname, '..');
const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
const DOCUMENT = join('asyncapi', 'commlab.asyncapi.json');
const STALE = 'the AsyncAPI document is stale: run pnpm asyncapi:generate';

interface RunResult {
  code: number | null;
  output: string;
}

/** The package's own script (its imports of tsx and prettier resolve from the repo), on `--dir copy`. */
function runScript(mode: 'check' | 'generate', packageDir: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(PACKAGE_DIR, 'scripts', 'asyncapi.mjs'), mode, '--dir', packageDir],
      { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, output });
    });
  });
}

// Each case starts Node with tsx and Prettier; allow for a busy machine.
jest.setTimeout(60_000);

describe('asyncapi:check', () => {
  let copy: string;

  beforeEach(async () => {
    copy = await mkdtemp(join(tmpdir(), 'commlab-contracts-asyncapi-'));
    for (const entry of ['src', 'asyncapi', 'package.json']) {
      await cp(join(PACKAGE_DIR, entry), join(copy, entry), { recursive: true });
    }
    // Same formatting as in the repo (Prettier looks for its config from the file upwards).
    await cp(join(REPO_ROOT, '.prettierrc.json'), join(copy, '.prettierrc.json'));
    await symlink(join(PACKAGE_DIR, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterEach(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('passes when the committed document matches the code', async () => {
    const result = await runScript('check', copy);
    expect(result.output).toContain('the AsyncAPI document is up to date');
    expect(result.code).toBe(0);
  });

  it('fails when an event schema changed without regenerating, and generate fixes it', async () => {
    const schemaPath = join(copy, 'src', 'events', 'order-placed', 'order-placed.v1.ts');
    const schema = await readFile(schemaPath, 'utf8');
    const edited = schema.replace('  placedAt: isoTime,\n', '$&  couponCode: z.string().optional(),\n');
    expect(edited).not.toBe(schema);
    await writeFile(schemaPath, edited);

    const stale = await runScript('check', copy);
    expect(stale.code).not.toBe(0);
    expect(stale.output).toContain(STALE);
    expect(stale.output).toContain(`differs:  ${DOCUMENT}`);

    const generated = await runScript('generate', copy);
    expect(generated.code).toBe(0);
    expect(await readFile(join(copy, DOCUMENT), 'utf8')).toContain('"couponCode"');
    const fresh = await runScript('check', copy);
    expect(fresh.output).toContain('up to date');
    expect(fresh.code).toBe(0);
  });

  it('fails when the document is missing', async () => {
    await unlink(join(copy, DOCUMENT));
    const result = await runScript('check', copy);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`missing:  ${DOCUMENT}`);
  });

  it('generates the same bytes as committed (deterministic)', async () => {
    const committed = await readFile(join(PACKAGE_DIR, DOCUMENT), 'utf8');
    expect((await runScript('generate', copy)).code).toBe(0);
    expect(await readFile(join(copy, DOCUMENT), 'utf8')).toBe(committed);
  });
});
