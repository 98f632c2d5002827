import {
  AUTH_GRPC_SERVICE,
  AUTH_PROTO_PATH,
  GRPC_ERROR_CODE_METADATA_KEY,
  GRPC_LOADER_OPTIONS,
  type VerifyTokenRequest,
  type VerifyTokenResponse,
} from '@commlab/contracts';
import { request } from 'node:http';

import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export interface HttpAnswer<Body = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

/** POSTs JSON (or a raw string) and reads the answer whole. */
export async function postJson<Body = Record<string, unknown>>(
  url: string,
  body: unknown,
): Promise<HttpAnswer<Body>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Body };
}

/**
 * POSTs JSON from a chosen local address (any of 127.0.0.0/8 on Linux), so a test can be several clients
 * as auth-service sees them (the socket's peer), and with extra headers such as X-Forwarded-For.
 */
export function postJsonFrom(
  url: string,
  body: unknown,
  from: { localAddress: string; headers?: Record<string, string> },
): Promise<{ status: number; retryAfter: string | undefined; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const call = request(
      url,
      {
        method: 'POST',
        localAddress: from.localAddress,
        headers: { 'content-type': 'application/json', ...from.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          });
        });
      },
    );
    call.on('error', (error) => {
      reject(new Error(`POST ${url} from ${from.localAddress} failed: ${error.message}`, { cause: error }));
    });
    call.end(payload);
  });
}

type VerifyCall = (
  request: VerifyTokenRequest,
  metadata: grpc.Metadata,
  callback: (error: grpc.ServiceError | null, response?: VerifyTokenResponse) => void,
) => void;

export interface GrpcVerifyAnswer {
  error: grpc.ServiceError | null;
  response?: VerifyTokenResponse;
  /** The stable commlab error code from the trailing metadata, when the call failed. */
  errorCode?: string;
}

/** A raw @grpc/grpc-js client of AuthService (loaded with GRPC_LOADER_OPTIONS, as real callers must). */
export class AuthGrpcClient {
  private readonly client: grpc.Client & { verifyToken: VerifyCall };

  constructor(address: string) {
    const definition = grpc.loadPackageDefinition(loadSync(AUTH_PROTO_PATH, GRPC_LOADER_OPTIONS));
    const pkg = definition.commlab as grpc.GrpcObject;
    const Service = ((pkg.auth as grpc.GrpcObject).v1 as grpc.GrpcObject)[
      AUTH_GRPC_SERVICE
    ] as grpc.ServiceClientConstructor;
    this.client = new Service(address, grpc.credentials.createInsecure()) as unknown as typeof this.client;
  }

  verifyToken(token: string): Promise<GrpcVerifyAnswer> {
    return new Promise((resolve) => {
      this.client.verifyToken({ token }, new grpc.Metadata(), (error, response) => {
        const [code] = error?.metadata.get(GRPC_ERROR_CODE_METADATA_KEY) ?? [];
        resolve({
          error,
          ...(response === undefined ? {} : { response }),
          ...(code === undefined ? {} : { errorCode: code.toString() }),
        });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}
