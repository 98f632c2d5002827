import {
  AUTH_GRPC_SERVICE,
  AUTH_PROTO_PATH,
  GRPC_ERROR_CODE_METADATA_KEY,
  GRPC_LOADER_OPTIONS,
  type VerifyTokenRequest,
  type VerifyTokenResponse,
} from '@commlab/contracts';
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
