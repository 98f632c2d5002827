import { isNestServer, starterOf } from './server-kinds';

const io = { receipt: () => undefined, log: () => undefined };

describe('server kinds', () => {
  it('tells the NestJS servers from the bare ones', () => {
    expect(isNestServer('nest-kafka')).toBe(true);
    expect(isNestServer('kafka-rpc-raw')).toBe(false);
    expect(isNestServer('kafka-lite')).toBe(false);
  });

  it('starts a server of its table and refuses one it lacks', async () => {
    const start = starterOf({
      'tcp-echo': () => Promise.resolve({ ready: { port: 7 }, close: () => Promise.resolve() }),
    });
    await expect(start('tcp-echo', {}, io)).resolves.toMatchObject({ ready: { port: 7 } });
    await expect(start('nest-rest', {}, io)).rejects.toThrow('no server named nest-rest in this process');
  });
});
