import { AUTH_PROTO_PATH, GRPC_LOADER_OPTIONS, INVENTORY_PROTO_PATH } from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import fc from 'fast-check';

import { hostileString, invalidUtf8, mutationOf, toJsonBytes } from './arbitraries';
import { show } from './failures';
import { CREDENTIAL_KINDS, type FuzzCredentials } from './tokens';

/** One unary method of a .proto in libs/contracts, and where it is served. */
export interface GrpcMethod {
  /** e.g. `/commlab.inventory.v1.InventoryService/ReserveStock`. */
  path: string;
  url: string;
  definition: MethodDefinition<unknown, unknown>;
}

/** Valid requests (as the loader's objects) whose mutations reach the use cases. */
const VALID_REQUESTS: Record<string, unknown> = {
  VerifyToken: { token: 'x' },
  CheckStock: { skus: ['mug-red', 'tee-black'] },
  ReserveStock: {
    reservationId: 'fuzz-grpc-1',
    orderId: 'order-1',
    items: [{ sku: 'mug-red', quantity: 1 }],
  },
  ReleaseStock: { reservationId: 'fuzz-grpc-1' },
};

/** Every method of every service in the auth and inventory .proto files. */
export function discoverGrpcMethods(urls: { auth: string; inventory: string }): GrpcMethod[] {
  const methods: GrpcMethod[] = [];
  for (const [file, url] of [
    [AUTH_PROTO_PATH, urls.auth],
    [INVENTORY_PROTO_PATH, urls.inventory],
  ] as const) {
    const definitions = loadSync(file, GRPC_LOADER_OPTIONS);
    for (const definition of Object.values(definitions)) {
      if (!('format' in definition) && typeof definition === 'object')
        for (const method of Object.values(definition as Record<string, MethodDefinition<unknown, unknown>>))
          if (typeof method.path === 'string' && !method.requestStream && !method.responseStream)
            methods.push({ path: method.path, url, definition: method });
    }
  }
  return methods;
}

export interface GrpcCase {
  bytes: Buffer;
  credential: (typeof CREDENTIAL_KINDS)[number];
  metadata: [string, string][];
}

const methodName = (method: GrpcMethod) => method.path.split('/').pop() ?? '';

/** Encoded mutations of a valid request (wrong types fall back to JSON bytes), or raw invalid bytes. */
export function grpcCaseArbitrary(method: GrpcMethod): fc.Arbitrary<GrpcCase> {
  const valid = VALID_REQUESTS[methodName(method)] ?? {};
  const encoded = mutationOf(valid).map((value) => {
    try {
      return method.definition.requestSerialize(value);
    } catch {
      return toJsonBytes(value);
    }
  });
  return fc.record({
    bytes: fc.oneof(
      { weight: 5, arbitrary: encoded },
      { weight: 1, arbitrary: invalidUtf8 },
      // A length-delimited field 1 holding invalid UTF-8 / control characters: a string field on the wire.
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            invalidUtf8,
            hostileString.map((text) => Buffer.from(text)),
          )
          .map((bytes) => Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes])),
      },
    ),
    credential: fc.constantFrom(...CREDENTIAL_KINDS),
    metadata: fc.array(
      fc.tuple(
        fc.constantFrom('traceparent', 'x-request-id', 'commlab-caller', 'grpc-timeout-x'),
        hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 4_000)),
      ),
      { maxLength: 2 },
    ),
  });
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

const FORBIDDEN = new Set([grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.DEADLINE_EXCEEDED]);

/** A raw client (bytes in, bytes out) per server, so requests need not be valid protobuf. */
export class RawGrpcClients {
  private readonly clients = new Map<string, grpc.Client>();

  private client(url: string): grpc.Client {
    let client = this.clients.get(url);
    if (client === undefined) {
      client = new grpc.Client(url, grpc.credentials.createInsecure());
      this.clients.set(url, client);
    }
    return client;
  }

  /** Sends one case; throws on INTERNAL, UNKNOWN or no answer within 15 s. */
  send(method: GrpcMethod, testCase: GrpcCase, credentials: FuzzCredentials): Promise<void> {
    const metadata = new grpc.Metadata();
    for (const [key, value] of testCase.metadata) metadata.add(key, value);
    const authorization = credentials.authorization(testCase.credential);
    if (authorization !== undefined) metadata.set('authorization', authorization);
    return new Promise((resolve, reject) => {
      this.client(method.url).makeUnaryRequest<Buffer, Buffer>(
        method.path,
        (bytes) => bytes,
        (bytes) => bytes,
        testCase.bytes,
        metadata,
        { deadline: Date.now() + 15_000 },
        (error) => {
          if (error !== null && FORBIDDEN.has(error.code)) {
            reject(
              new Error(
                `${method.path} bytes ${show(testCase.bytes.toString('hex'))} → ` +
                  `${grpc.status[error.code]} ${error.details}`,
              ),
            );
            return;
          }
          resolve();
        },
      );
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
