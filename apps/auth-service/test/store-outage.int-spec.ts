import { connect, createServer, type Server, type Socket } from 'node:net';
import { status as GrpcStatus } from '@grpc/grpc-js';

import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import { authConfigSchema, type RunningAuthService, startAuthService } from '../src';
import { AuthGrpcClient, postJson } from './support/auth-clients';
import { postgresBackend } from './support/backends';

jest.setTimeout(30_000);

/** A TCP proxy in front of PostgreSQL that the test can cut, so only this service loses its store. */
async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe('auth-service when its store goes away', () => {
  const backend = postgresBackend();
  let service: RunningAuthService | undefined;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  afterAll(async () => {
    await service?.close();
    await backend.teardown();
  });

  it('answers 503 AUTH_STORE_UNAVAILABLE over REST, UNAVAILABLE over gRPC, and /health 503', async () => {
    const store = await backend.prepare();
    const url = new URL(store.DATABASE_URL!);
    proxy = await startProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    service = await startAuthService(
      loadConfig(authConfigSchema, {
        COMMLAB_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
        DATABASE_URL: url.toString(),
      }),
      { databaseSchema: store.databaseSchema!, scryptParams: { N: 2 ** 12, r: 8, p: 1 } },
    );
    const base = service.httpUrl;
    expect(
      (await postJson(`${base}/auth/register`, { email: 'ivy@example.com', password: 'ivy-password' }))
        .status,
    ).toBe(201);
    const { body } = await postJson<{ accessToken: string }>(`${base}/auth/login`, {
      email: 'ivy@example.com',
      password: 'ivy-password',
    });

    await proxy.cut();

    const rest = await postJson<{ code: string }>(`${base}/auth/verify`, { token: body.accessToken });
    expect([rest.status, rest.body.code]).toEqual([503, 'AUTH_STORE_UNAVAILABLE']);
    const grpc = new AuthGrpcClient(service.grpcUrl);
    try {
      const overGrpc = await grpc.verifyToken(body.accessToken);
      expect([overGrpc.error?.code, overGrpc.errorCode]).toEqual([
        GrpcStatus.UNAVAILABLE,
        'AUTH_STORE_UNAVAILABLE',
      ]);
    } finally {
      grpc.close();
    }
    expect((await fetch(`${base}/health`)).status).toBe(503);
  });
});
