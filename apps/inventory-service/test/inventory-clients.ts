import {
  GRPC_LOADER_OPTIONS,
  INVENTORY_GRPC_SERVICE,
  INVENTORY_PROTO_PATH,
  type CheckStockRequest,
  type CheckStockResponse,
  type ReleaseStockRequest,
  type ReleaseStockResponse,
  type ReserveStockRequest,
  type ReserveStockResponse,
} from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

type Unary<Request, Response> = (
  request: Request,
  metadata: grpc.Metadata,
  callback: (error: grpc.ServiceError | null, response?: Response) => void,
) => void;

type RawInventoryClient = grpc.Client & {
  checkStock: Unary<CheckStockRequest, CheckStockResponse>;
  reserveStock: Unary<ReserveStockRequest, ReserveStockResponse>;
  releaseStock: Unary<ReleaseStockRequest, ReleaseStockResponse>;
};

/** What a unary call ended with: the response, or the status code, message and commlab error code. */
export type GrpcResult<Response> =
  | { ok: true; response: Response }
  | { ok: false; code: grpc.status; message: string; errorCode: string | undefined; details: unknown };

function call<Request, Response>(
  method: Unary<Request, Response>,
  request: Request,
  authorization: string | undefined,
) {
  const metadata = new grpc.Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  return new Promise<GrpcResult<Response>>((resolve) => {
    method(request, metadata, (error, response) => {
      if (error === null) {
        resolve({ ok: true, response: response as Response });
        return;
      }
      const [errorCode] = error.metadata.get('commlab-error-code');
      const [details] = error.metadata.get('commlab-error-details');
      resolve({
        ok: false,
        code: error.code,
        message: error.details,
        errorCode: errorCode === undefined ? undefined : String(errorCode),
        details: details === undefined ? undefined : (JSON.parse(String(details)) as unknown),
      });
    });
  });
}

/**
 * A raw @grpc/grpc-js client of InventoryService (no NestJS), loaded with the shared loader options.
 * `token()` is sent as `authorization: Bearer …` metadata on every call (ReserveStock and ReleaseStock
 * need a service token); a call's own `authorization` (or null: none) overrides it.
 */
export function inventoryGrpcClient(url: string, token?: () => string) {
  const definition = grpc.loadPackageDefinition(loadSync(INVENTORY_PROTO_PATH, GRPC_LOADER_OPTIONS));
  const pkg = ((definition.commlab as grpc.GrpcObject).inventory as grpc.GrpcObject).v1 as grpc.GrpcObject;
  const Service = pkg[INVENTORY_GRPC_SERVICE] as grpc.ServiceClientConstructor;
  const client = new Service(url, grpc.credentials.createInsecure()) as unknown as RawInventoryClient;
  const bearer = (authorization: string | null | undefined) =>
    authorization === null
      ? undefined
      : (authorization ?? (token === undefined ? undefined : `Bearer ${token()}`));
  return {
    checkStock: (request: CheckStockRequest) =>
      call(client.checkStock.bind(client), request, bearer(undefined)),
    reserveStock: (request: ReserveStockRequest, authorization?: string | null) =>
      call(client.reserveStock.bind(client), request, bearer(authorization)),
    releaseStock: (request: ReleaseStockRequest, authorization?: string | null) =>
      call(client.releaseStock.bind(client), request, bearer(authorization)),
    close: () => {
      client.close();
    },
  };
}

export interface HttpResult {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A tiny JSON client of the REST API; `token()` is sent as `Authorization: Bearer …` (reservations need a
 * service token); a call's own `authorization` (or null: none) overrides it.
 */
export function inventoryHttpClient(baseUrl: string, token?: () => string) {
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    authorization?: string | null,
  ): Promise<HttpResult> => {
    const auth =
      authorization === null
        ? undefined
        : (authorization ?? (token === undefined ? undefined : `Bearer ${token()}`));
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      ...(auth === undefined ? {} : { headers: { authorization: auth } }),
      ...(body === undefined
        ? {}
        : {
            headers: {
              'content-type': 'application/json',
              ...(auth === undefined ? {} : { authorization: auth }),
            },
            body: typeof body === 'string' ? body : JSON.stringify(body),
          }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown, authorization?: string | null) =>
      send('POST', path, body, authorization),
    delete: (path: string, authorization?: string | null) => send('DELETE', path, undefined, authorization),
  };
}
