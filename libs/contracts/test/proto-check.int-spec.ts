import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `proto:check` (scripts/proto-check.mjs) on a scratch copy of this package: passes on the committed
 * tree, fails with the stale message once a .proto changes without `proto:gen`.
 */
const PACKAGE_DIR = join(__dirname, '..');
const STALE = 'generated code is stale: run pnpm proto:gen';

interface RunResult {
  code: number | null;
  output: string;
}

function runProtoCheck(packageDir: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageDir, 'scripts', 'proto-check.mjs')], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, output });
    });
  });
}

// Each case runs buf twice (lint, generate); allow for a busy machine.
jest.setTimeout(60_000);

describe('proto:check', () => {
  let copy: string;

  beforeEach(async () => {
    copy = await mkdtemp(join(tmpdir(), 'commlab-contracts-'));
    for (const entry of [
      'proto',
      'scripts',
      join('src', 'generated'),
      'buf.yaml',
      'buf.gen.yaml',
      'package.json',
    ]) {
      await cp(join(PACKAGE_DIR, entry), join(copy, entry), { recursive: true });
    }
    await symlink(join(PACKAGE_DIR, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterEach(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('passes when src/generated matches the .proto files', async () => {
    const result = await runProtoCheck(copy);
    expect(result.output).toContain('generated code is up to date');
    expect(result.code).toBe(0);
  });

  it('fails and names the file when a .proto changed without regenerating', async () => {
    const protoPath = join(copy, 'proto', 'commlab', 'auth', 'v1', 'auth.proto');
    const proto = await readFile(protoPath, 'utf8');
    const edited = proto.replace(
      /message VerifyTokenRequest \{\n/,
      '$&  // Added by the test, never generated.\n  string audience = 2;\n',
    );
    expect(edited).not.toBe(proto);
    await writeFile(protoPath, edited);

    const result = await runProtoCheck(copy);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(STALE);
    expect(result.output).toContain('differs:  src/generated/commlab/auth/v1/auth.ts');
    expect(result.output).not.toContain('inventory.ts');
  });

  it('fails when a generated file is missing or left over', async () => {
    await unlink(join(copy, 'src', 'generated', 'commlab', 'inventory', 'v1', 'inventory.ts'));
    await writeFile(join(copy, 'src', 'generated', 'commlab', 'leftover.ts'), 'export {};\n');

    const result = await runProtoCheck(copy);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(STALE);
    expect(result.output).toContain('missing:  src/generated/commlab/inventory/v1/inventory.ts');
    expect(result.output).toContain('extra:    src/generated/commlab/leftover.ts');
  });

  it('fails when buf lint fails', async () => {
    const protoPath = join(copy, 'proto', 'commlab', 'auth', 'v1', 'auth.proto');
    const proto = await readFile(protoPath, 'utf8');
    // Compiles, but breaks the STANDARD rule that an RPC returns `<Rpc>Response`.
    await writeFile(protoPath, proto.replaceAll('VerifyTokenResponse', 'VerifyTokenReply'));

    const result = await runProtoCheck(copy);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('buf lint failed');
  });
});
