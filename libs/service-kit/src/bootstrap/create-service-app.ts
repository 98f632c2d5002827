import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CORRELATION_ID_HEADER } from '@commlab/contracts';

import { AppError } from '@commlab/errors';
import type { Database } from '@commlab/persistence';
import { loadSync } from '@grpc/proto-loader';
import { type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type GrpcOptions, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

import { acceptCorrelationId } from '../correlation/correlation-context';
import { tolerantPackageDefinition } from '../grpc/undecodable-request';
import { DATABASE } from '../database/store.module';

/** Bodies above this are refused with 413 PAYLOAD_TOO_LARGE before any handler runs (docs/sync-path.md). */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

export interface ServiceAppOptions {
  /** The service's root module; it must import ServiceKitModule.forRoot(...). */
  module: Type;
  service: string;
  description: string;
  http: { host: string; port: number };
  /** A gRPC server in the same process, sharing providers with the HTTP app. */
  grpc?: Pick<GrpcOptions['options'], 'package' | 'loader'> & { url: string; protoPath: string };
  /**
   * More transports in the same process (e.g. `{ strategy: new ResilientKafkaServer(...) }` for Kafka
   * request-reply), sharing providers, filters and interceptors with the HTTP app. Startup awaits each
   * server's `listen()`: a server that must not hold the boot when its broker is down connects in the
   * background (ResilientKafkaServer does).
   */
  microservices?: readonly MicroserviceOptions[];
  bodyLimitBytes?: number;
}

export interface ServiceApp {
  app: NestFastifyApplication;
  /** `http://host:port` actually bound (port 0 resolves to the real port). */
  httpUrl: string;
  grpcUrl: string | undefined;
  /** Stops every server (in-flight requests finish), then the providers; the store is closed last. */
  close(): Promise<void>;
}

/**
 * Builds and starts one commlab service: Fastify with a body limit, pino as the Nest logger, OpenAPI at
 * /docs, an optional gRPC server and other transports, and graceful shutdown on SIGTERM/SIGINT (stop accepting, let in-flight
 * requests finish, close providers, exit).
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  const adapter = new FastifyAdapter({
    // The request id is the correlation id: the client's x-correlation-id when sane, else a new UUID.
    // It is also left on the raw request, where pino-http (nestjs-pino) picks it up for the logs.
    genReqId: (raw: IncomingMessage) => {
      const id = acceptCorrelationId(raw.headers[CORRELATION_ID_HEADER]);
      (raw as IncomingMessage & { id?: string }).id = id;
      return id;
    },
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    // Keep-alive connections are closed when idle at shutdown, so close() does not wait for them.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    bufferLogs: true,
    bodyParser: false,
    // A failure while building the app (or a lookup of a provider the app lacks) throws to the caller —
    // runServiceMain prints it and exits 1 — instead of Nest exiting the process itself.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // useProcessExit: exit 0 once closed (the default re-raises the signal, which reads as a crash: exit 143).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  parseJsonBodiesAsCommlab(app);
  parseFormBodies(app);
  closeKeepAliveConnectionsWhenStopping(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.service)
      .setDescription(options.description)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });

  if (options.grpc) {
    // The definition is loaded here, not by NestJS, so a request that does not decode is refused with
    // INVALID_ARGUMENT rather than @grpc/grpc-js's INTERNAL (undecodable-request.ts).
    const { url, protoPath, loader, ...grpc } = options.grpc;
    const packageDefinition = tolerantPackageDefinition(loadSync(protoPath, loader));
    app.connectMicroservice<GrpcOptions>(
      { transport: Transport.GRPC, options: { url, packageDefinition, ...grpc } },
      { inheritAppConfig: true },
    );
  }
  for (const microservice of options.microservices ?? []) {
    app.connectMicroservice<MicroserviceOptions>(microservice, { inheritAppConfig: true });
  }
  if (options.grpc || (options.microservices ?? []).length > 0) await app.startAllMicroservices();
  await app.listen({ host: options.http.host, port: options.http.port });
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  // The store (ServiceKitModule's `database`) is closed by its module at shutdown; closing it here too
  // (idempotent) keeps it from staying open when a server's shutdown hook throws.
  const database = storeOf(app);
  return {
    app,
    httpUrl: `http://${host}:${address.port}`,
    grpcUrl: options.grpc?.url,
    close: async () => {
      try {
        await app.close();
      } finally {
        await database?.close();
      }
    },
  };
}

/** The service's store, when its root module gave ServiceKitModule one. */
function storeOf(app: NestFastifyApplication): Database | undefined {
  try {
    return app.get<Database>(DATABASE, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Graceful shutdown with keep-alive clients: idle connections are closed when shutdown starts, but a
 * connection serving an in-flight request would stay open (and hold shutdown for the keep-alive
 * timeout) once its response is sent. Answering `Connection: close` while stopping releases it.
 */
function closeKeepAliveConnectionsWhenStopping(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let stopping = false;
  fastify.addHook('preClose', (done) => {
    stopping = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (stopping) void reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * `application/x-www-form-urlencoded` bodies (OAuth 2.0's token endpoint takes them) become an object of
 * strings; a parameter given twice becomes an array, so a strict schema refuses it instead of silently
 * keeping one of the values.
 */
function parseFormBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const fields: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(
        typeof body === 'string' ? body : body.toString('utf8'),
      )) {
        const seen = fields[name];
        fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
      }
      done(null, fields);
    },
  );
}

/**
 * JSON bodies are parsed here rather than by Nest's parser so that malformed JSON becomes a commlab error
 * (400 MALFORMED_JSON) instead of a bare 400. Fastify still enforces the body limit before parsing.
 */
function parseJsonBodiesAsCommlab(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      done(
        new AppError({
          code: 'MALFORMED_JSON',
          kind: 'invalid_argument',
          message: `the body is not valid JSON: ${reason}`,
          cause: error,
        }),
        undefined,
      );
    }
  });
}
