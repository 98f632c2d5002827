import { stackProcessName } from './watched-processes';

describe('stackProcessName', () => {
  const start = 'pnpm start (kafka-lite, trace store)';

  it('names the root of the tree as told', () => {
    expect(stackProcessName('/usr/bin/node apps/cli/src/main.ts start', true, start)).toBe(start);
  });

  it('names a service or the console by the app whose entry it runs', () => {
    expect(
      stackProcessName(
        '/usr/bin/node --conditions=@commlab/source -r @swc-node/register /repo/apps/order-service/src/main.ts',
        false,
        start,
      ),
    ).toBe('order-service');
    expect(stackProcessName('/usr/bin/node /repo/apps/console/src/main.ts', false, start)).toBe('console');
  });

  it("names any other process by its program's file name", () => {
    expect(
      stackProcessName('/repo/node_modules/@esbuild/linux-x64/bin/esbuild --service=0.25.0', false, start),
    ).toBe('esbuild');
    expect(stackProcessName('', false, start)).toBe('other');
  });
});
