import {
  AUTH_GRPC_PACKAGE,
  AUTH_GRPC_SERVICE,
  AUTH_PROTO_PATH,
  type AuthServiceController,
  AuthServiceControllerMethods,
  CORRELATION_ID_HEADER,
  GRPC_LOADER_OPTIONS,
  type VerifyTokenRequest,
  type VerifyTokenResponse,
} from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import { freePort } from '@commlab/testing';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { AsyncResource } from 'node:async_hooks';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { z } from 'zod';

import {
  createServiceApp,
  currentCorrelationId,
  type ServiceApp,
  ServiceKitModule,
  ZodValidationPipe,
} from '../src';

const orderSchema = z.strictObject({
  items: z.array(z.strictObject({ sku: z.string().min(1), quantity: z.number().int().min(1) })).min(1),
});

const state = { databaseUp: true };

@Controller('things')
class ThingsController {
  @Post()
  create(@Body(new ZodValidationPipe(orderSchema)) body: z.infer<typeof orderSchema>) {
    return { items: body.items.length, correlationId: currentCorrelationId() };
  }

  @Get('out-of-stock')
  outOfStock(): never {
    throw new AppError({
      code: 'OUT_OF_STOCK',
      kind: 'failed_precondition',
      message: 'not enough stock',
      details: { skus: ['mug-red'] },
    });
  }

  @Get('limited')
  limited(): never {
    throw new AppError({
      code: 'TOO_MANY_ATTEMPTS',
      kind: 'rate_limited',
      message: 'slow down',
      retryAfterSeconds: 7,
    });
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://admin:hunter2@db leaked?');
  }

  @Get('slow')
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { done: true };
  }
}

@Controller()
@AuthServiceControllerMethods()
class FakeAuthGrpcController implements AuthServiceController {
  verifyToken(request: VerifyTokenRequest): VerifyTokenResponse {
    if (request.token !== 'good')
      throw new AppError({ code: 'TOKEN_INVALID', kind: 'unauthenticated', message: 'bad token' });
    return {
      userId: currentCorrelationId() ?? 'none',
      email: 'alice@example.com',
      expiresAtUnixSeconds: 1,
      scopes: [],
    };
  }
}

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'test-service',
      logLevel: 'silent',
      checks: [
        {
          name: 'database',
          check: () =>
            state.databaseUp ? Promise.resolve() : Promise.reject(new Error('connection refused')),
        },
      ],
    }),
  ],
  controllers: [ThingsController, FakeAuthGrpcController],
})
class TestModule {}

describe('service kit: a real Fastify + gRPC service', () => {
  let service: ServiceApp;
  let grpcPort: number;

  beforeAll(async () => {
    grpcPort = await freePort();
    service = await createServiceApp({
      module: TestModule,
      service: 'test-service',
      description: 'service-kit test',
      http: { host: '127.0.0.1', port: 0 },
      grpc: {
        url: `127.0.0.1:${grpcPort}`,
        package: AUTH_GRPC_PACKAGE,
        protoPath: AUTH_PROTO_PATH,
        loader: GRPC_LOADER_OPTIONS,
      },
    });
  });

  afterAll(async () => {
    await service.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${service.httpUrl}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('validates bodies with zod and echoes the correlation id', async () => {
    const response = await post(JSON.stringify({ items: [{ sku: 'mug-red', quantity: 2 }] }), {
      [CORRELATION_ID_HEADER]: 'req-42',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get(CORRELATION_ID_HEADER)).toBe('req-42');
    expect(await response.json()).toEqual({ items: 1, correlationId: 'req-42' });
  });

  it('keeps the async context without AsyncResource bind() on a request with a body (fastify 5.12.2+, the @nestjs/core patch)', async () => {
    // bind() defines a deprecated accessor with two wrappers per call: ~60-90 µs of CPU per request in
    // fastify 5.11.3's body parser, one call per interceptor in unpatched NestJS 11 (docs/benchmarks.md).
    const bindCalls = jest.spyOn(AsyncResource.prototype, 'bind');
    try {
      const response = await post(JSON.stringify({ items: [{ sku: 'mug-red', quantity: 2 }] }), {
        [CORRELATION_ID_HEADER]: 'req-unbound',
      });
      expect(response.status).toBe(201);
      // The handler still runs in the correlation id's context, through the interceptors.
      expect(await response.json()).toEqual({ items: 1, correlationId: 'req-unbound' });
      expect(bindCalls).not.toHaveBeenCalled();
    } finally {
      bindCalls.mockRestore();
    }
  });

  it('makes a correlation id when the client sends none (or a bad one)', async () => {
    const response = await post(JSON.stringify({ items: [{ sku: 'a', quantity: 1 }] }), {
      [CORRELATION_ID_HEADER]: 'x'.repeat(500),
    });
    const id = response.headers.get(CORRELATION_ID_HEADER);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await response.json()) as { correlationId: string }).correlationId).toBe(id);
  });

  it('answers 400 VALIDATION_FAILED listing every bad field, unknown fields included', async () => {
    const response = await post(JSON.stringify({ items: [{ sku: '', quantity: 0 }], coupon: 'FREE' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; details: { fields: { path: string }[] } };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.fields.map((field) => field.path).sort()).toEqual([
      'coupon',
      'items[0].quantity',
      'items[0].sku',
    ]);
  });

  it('answers 400 MALFORMED_JSON, 413 over 64 KiB and 415 for another media type, in the same shape', async () => {
    const malformed = await post('{"items": [');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });

    const huge = await post(JSON.stringify({ items: [{ sku: 'x'.repeat(70 * 1024), quantity: 1 }] }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });

    const xml = await post('<items/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('maps AppError to status, code, details and Retry-After', async () => {
    const conflict = await fetch(`${service.httpUrl}/things/out-of-stock`);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({
      statusCode: 409,
      code: 'OUT_OF_STOCK',
      message: 'not enough stock',
      details: { skus: ['mug-red'] },
    });
    const limited = await fetch(`${service.httpUrl}/things/limited`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
  });

  it('hides internals of unexpected errors behind 500 INTERNAL', async () => {
    const response = await fetch(`${service.httpUrl}/things/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'internal error' });
    expect(text).not.toContain('hunter2');
  });

  it('answers 404 for unknown routes in the same shape', async () => {
    const response = await fetch(`${service.httpUrl}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('GET /health is 200 when dependencies answer and 503 naming the one that does not', async () => {
    const up = await fetch(`${service.httpUrl}/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    state.databaseUp = false;
    try {
      const down = await fetch(`${service.httpUrl}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        statusCode: 503,
        code: 'UNHEALTHY',
        message: 'not ready: database down',
        details: { status: 'error', error: { database: { status: 'down', message: 'connection refused' } } },
      });
    } finally {
      state.databaseUp = true;
    }
  });

  it('serves the OpenAPI UI at /docs and the document at /docs/json', async () => {
    const ui = await fetch(`${service.httpUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const document = (await (await fetch(`${service.httpUrl}/docs/json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/things', '/health']));
  });

  describe('gRPC on the same providers', () => {
    type VerifyCall = (
      request: VerifyTokenRequest,
      metadata: grpc.Metadata,
      callback: (error: grpc.ServiceError | null, response?: VerifyTokenResponse) => void,
    ) => void;
    let client: grpc.Client & { verifyToken: VerifyCall };

    beforeAll(() => {
      const definition = grpc.loadPackageDefinition(loadSync(AUTH_PROTO_PATH, GRPC_LOADER_OPTIONS));
      const pkg = definition.commlab as grpc.GrpcObject;
      const Service = ((pkg.auth as grpc.GrpcObject).v1 as grpc.GrpcObject)[
        AUTH_GRPC_SERVICE
      ] as grpc.ServiceClientConstructor;
      client = new Service(
        `127.0.0.1:${grpcPort}`,
        grpc.credentials.createInsecure(),
      ) as unknown as typeof client;
    });
    afterAll(() => {
      client.close();
    });

    const verify = (token: string, metadata = new grpc.Metadata()) =>
      new Promise<{ error: grpc.ServiceError | null; response?: VerifyTokenResponse }>((resolve) => {
        client.verifyToken({ token }, metadata, (error, response) => {
          resolve({ error, ...(response === undefined ? {} : { response }) });
        });
      });

    it('carries the correlation id from metadata into the handler', async () => {
      const metadata = new grpc.Metadata();
      metadata.set(CORRELATION_ID_HEADER, 'grpc-corr-7');
      const { error, response } = await verify('good', metadata);
      expect(error).toBeNull();
      expect(response?.userId).toBe('grpc-corr-7');
    });

    it('maps AppError to its gRPC status with the stable code in trailing metadata', async () => {
      const { error } = await verify('bad');
      expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(error?.details).toBe('bad token');
      expect(error?.metadata.get('commlab-error-code')).toEqual(['TOKEN_INVALID']);
    });
  });

  it('shuts down gracefully: an in-flight request completes, then the port is closed', async () => {
    const other = await createServiceApp({
      module: TestModule,
      service: 'test-service',
      description: 'shutdown test',
      http: { host: '127.0.0.1', port: 0 },
    });
    const inFlight = fetch(`${other.httpUrl}/things/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = other.close();
    const response = await inFlight;
    await closing;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await expect(fetch(`${other.httpUrl}/health`)).rejects.toThrow();
  });
});
