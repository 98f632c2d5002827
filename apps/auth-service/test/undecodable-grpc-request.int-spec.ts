import { GRPC_ERROR_CODE_METADATA_KEY } from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';

import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import { authConfigSchema, type RunningAuthService, startAuthService } from '../src';

/** Sends raw bytes as the request of a unary method, and resolves with the status it ended with. */
function callRaw(url: string, path: string, bytes: Buffer) {
  const client = new grpc.Client(url, grpc.credentials.createInsecure());
  return new Promise<{ code: grpc.status; errorCode: string | undefined }>((resolve) => {
    client.makeUnaryRequest<Buffer, Buffer>(
      path,
      (value) => value,
      (value) => value,
      bytes,
      new grpc.Metadata(),
      { deadline: Date.now() + 10_000 },
      (error) => {
        client.close();
        const [errorCode] = error?.metadata.get(GRPC_ERROR_CODE_METADATA_KEY) ?? [];
        resolve({
          code: error?.code ?? grpc.status.OK,
          errorCode: errorCode === undefined ? undefined : String(errorCode),
        });
      },
    );
  });
}

// Found by pnpm fuzz: @grpc/grpc-js answers bytes its deserializer throws on with INTERNAL.
describe('auth-service gRPC: a request that is no valid protobuf message', () => {
  let auth: RunningAuthService;

  beforeAll(async () => {
    auth = await startAuthService(
      loadConfig(authConfigSchema, {
        COMMLAB_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
      }),
      { inMemoryStore: true },
    );
  });

  afterAll(async () => {
    await auth.close();
  });

  it.each([
    ['JSON text', Buffer.from('null')],
    ['an overlong UTF-8 form', Buffer.from([0xc0, 0xaf])],
  ])('%s is INVALID_ARGUMENT (MALFORMED_REQUEST), not INTERNAL', async (_name, bytes) => {
    const result = await callRaw(auth.grpcUrl, '/commlab.auth.v1.AuthService/VerifyToken', bytes);
    expect(result).toEqual({ code: grpc.status.INVALID_ARGUMENT, errorCode: 'MALFORMED_REQUEST' });
  });
});
