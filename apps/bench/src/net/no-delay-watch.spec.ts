import { connect, createServer, type Server, type Socket } from 'node:net';

import { mergeNoDelayReports, NoDelayWatch } from './no-delay-watch';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('connect', () => {
      resolve();
    });
  });
}

describe('NoDelayWatch (loopback sockets, no brokers)', () => {
  it('files sockets by label and flags those without TCP_NODELAY on either side', async () => {
    const watch = new NoDelayWatch().start();
    const accepted: Socket[] = [];
    const server = createServer((socket) => accepted.push(socket));
    const port = await listen(server);
    try {
      watch.attribute('good');
      const good = connect({ host: '127.0.0.1', port, noDelay: true });
      await connected(good);
      watch.attribute('bad');
      const bad = connect({ host: '127.0.0.1', port });
      await connected(bad);
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (const socket of accepted) socket.setNoDelay(true);

      expect(watch.report('good')).toEqual({ sockets: 2, problems: [] });
      const report = watch.report('bad');
      expect(report.sockets).toBe(2);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatch(/^client 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+: TCP_NODELAY off$/);
      good.destroy();
      bad.destroy();
      // A socket that never connects (nothing listens there) carried no byte: not judged.
      watch.attribute('refused');
      server.close();
      const refused = connect({ host: '127.0.0.1', port });
      await new Promise((resolve) => refused.once('error', resolve));
      expect(watch.report('refused')).toEqual({ sockets: 0, problems: [] });
    } finally {
      watch.stop();
      server.close();
    }
  });
});

describe('mergeNoDelayReports', () => {
  it('adds the server processes’ sockets and says which problems are theirs', () => {
    expect(
      mergeNoDelayReports({ sockets: 2, problems: ['client a → b: TCP_NODELAY off'] }, [
        { sockets: 3, problems: ['server b → a: TCP_NODELAY unknown'] },
        { sockets: 1, problems: [] },
      ]),
    ).toEqual({
      sockets: 6,
      problems: ['client a → b: TCP_NODELAY off', 'server process: server b → a: TCP_NODELAY unknown'],
    });
    expect(mergeNoDelayReports({ sockets: 4, problems: [] }, [])).toEqual({ sockets: 4, problems: [] });
  });
});
