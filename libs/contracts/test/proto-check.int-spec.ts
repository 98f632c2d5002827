import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { editFile, runNode, usePackageCopy } from './support/package-copy';

/**
 * `proto:check` (scripts/proto-check.mjs) on a scratch copy of this package: passes on the committed
 * tree, fails with the stale message once a .proto changes without `proto:gen`.
 */
const STALE = 'generated code is stale: run pnpm proto:gen';

const runProtoCheck = (packageDir: string) =>
  runNode([join(packageDir, 'scripts', 'proto-check.mjs')], packageDir);

// Each case runs buf twice (lint, generate); allow for a busy machine.
jest.setTimeout(60_000);

describe('proto:check', () => {
  const copy = usePackageCopy({
    prefix: 'commlab-contracts-',
    entries: ['proto', 'scripts', join('src', 'generated'), 'buf.yaml', 'buf.gen.yaml', 'package.json'],
  });
  const authProto = () => join(copy(), 'proto', 'commlab', 'auth', 'v1', 'auth.proto');

  it('passes when src/generated matches the .proto files', async () => {
    const result = await runProtoCheck(copy());
    expect(result.output).toContain('generated code is up to date');
    expect(result.code).toBe(0);
  });

  it('fails and names the file when a .proto changed without regenerating', async () => {
    await editFile(authProto(), (proto) =>
      proto.replace(
        /message VerifyTokenRequest \{\n/,
        '$&  // Added by the test, never generated.\n  string audience = 2;\n',
      ),
    );

    const result = await runProtoCheck(copy());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(STALE);
    expect(result.output).toContain('differs:  src/generated/commlab/auth/v1/auth.ts');
    expect(result.output).not.toContain('inventory.ts');
  });

  it('fails when a generated file is missing or left over', async () => {
    await unlink(join(copy(), 'src', 'generated', 'commlab', 'inventory', 'v1', 'inventory.ts'));
    await writeFile(join(copy(), 'src', 'generated', 'commlab', 'leftover.ts'), 'export {};\n');

    const result = await runProtoCheck(copy());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(STALE);
    expect(result.output).toContain('missing:  src/generated/commlab/inventory/v1/inventory.ts');
    expect(result.output).toContain('extra:    src/generated/commlab/leftover.ts');
  });

  it('fails when buf lint fails', async () => {
    // Compiles, but breaks the STANDARD rule that an RPC returns `<Rpc>Response`.
    await editFile(authProto(), (proto) => proto.replaceAll('VerifyTokenResponse', 'VerifyTokenReply'));

    const result = await runProtoCheck(copy());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('buf lint failed');
  });
});
