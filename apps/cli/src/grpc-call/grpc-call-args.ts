import { parseArgs } from 'node:util';

import { GRPC_SERVICE_KEYS, type GrpcServiceKey, isGrpcServiceKey } from './grpc-services';

/** A call to make. */
export interface GrpcCallRequestArgs {
  help: false;
  service: GrpcServiceKey;
  /** The rpc name as the .proto spells it (checked against the loaded contract by the command). */
  method: string;
  /** The request message as parsed JSON (checked against the message type by the command). */
  request: Record<string, unknown>;
  deadlineMs: number;
  /** Sent as `authorization: Bearer <token>` metadata. */
  token?: string;
  /** host:port; unset = 127.0.0.1 and the service's port variable. */
  address?: string;
}

/** `--help`, optionally for one service (then its methods are listed). */
export interface GrpcCallHelpArgs {
  help: true;
  service?: GrpcServiceKey;
}

export type GrpcCallArgs = GrpcCallRequestArgs | GrpcCallHelpArgs;

export const DEFAULT_DEADLINE_MS = 5000;

export const GRPC_CALL_USAGE = `usage: pnpm grpc <service> <Method> [json-request] [--deadline MS] [--token TOKEN] [--address HOST:PORT]

Calls one gRPC method of a commlab service (no grpcurl needed) and prints the answer as JSON.

  service              auth       commlab.auth.v1.AuthService           VerifyToken
                       inventory  commlab.inventory.v1.InventoryService  CheckStock, ReserveStock, ReleaseStock
  Method               the rpc name as the .proto spells it (case-sensitive)
  json-request         the request message as JSON (default {}); field names as in the .proto,
                       snake_case or camelCase (reservation_id or reservationId)
  --deadline MS        the call's gRPC deadline in milliseconds (default ${DEFAULT_DEADLINE_MS})
  --token TOKEN        send the metadata authorization: Bearer TOKEN; without it, ReserveStock and
                       ReleaseStock (services only) get a service token from auth-service's client
                       credentials grant: client $COMMLAB_CLIENT_ID / $COMMLAB_CLIENT_SECRET (default the
                       DEV-ONLY commlab-cli) at $AUTH_HTTP_URL (default http://127.0.0.1:3001)
  --address HOST:PORT  where the service listens (default 127.0.0.1:$AUTH_GRPC_PORT, 50051, or
                       127.0.0.1:$INVENTORY_GRPC_PORT, 50052)

examples:
  pnpm grpc inventory CheckStock '{"skus":["mug-red","tee-black"]}'
  pnpm grpc inventory ReserveStock '{"reservationId":"r-1","orderId":"r-1","items":[{"sku":"mug-red","quantity":2}]}'
  pnpm grpc inventory ReleaseStock '{"reservationId":"r-1"}'
  pnpm grpc auth VerifyToken "{\\"token\\":\\"$TOKEN\\"}"
  pnpm grpc inventory --help    the request and response fields of every inventory method

exit status: 0 the call succeeded, 1 it failed (the gRPC status is printed), 2 a bad command line`;

/** Thrown for a bad command line; the message is meant for the user. */
export class GrpcCallUsageError extends Error {}

/** The json-request argument is not a JSON object: the message says why, the usage would be noise. */
export class GrpcRequestJsonError extends GrpcCallUsageError {}

const HOST_PORT = /^(?:[A-Za-z0-9.\-_]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
/** Metadata values must be printable ASCII; a space would mean the Bearer prefix was given twice. */
const TOKEN = /^[\x21-\x7E]+$/;

function parseDeadline(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 1 || !Number.isSafeInteger(ms))
    throw new GrpcCallUsageError(`--deadline must be a positive whole number of milliseconds; got ${value}`);
  return ms;
}

function parseAddress(value: string): string {
  const port = HOST_PORT.exec(value)?.[1];
  if (port === undefined || Number(port) < 1 || Number(port) > 65535)
    throw new GrpcCallUsageError(`--address must be HOST:PORT, e.g. 127.0.0.1:50052; got ${value}`);
  return value;
}

function parseToken(value: string): string {
  if (!TOKEN.test(value))
    throw new GrpcCallUsageError(
      '--token must be the bare token (printable ASCII, no spaces, without the "Bearer " prefix)',
    );
  return value;
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function parseRequest(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GrpcRequestJsonError(
      `json-request is not valid JSON (${reason}): ${clip(text)}\n` +
        'quote it for the shell, e.g. \'{"skus":["mug-red"]}\'',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new GrpcRequestJsonError(
      `json-request must be a JSON object (the request message), e.g. {"skus":["mug-red"]}; got ${clip(text)}`,
    );
  return value as Record<string, unknown>;
}

function parseService(value: string): GrpcServiceKey {
  if (!isGrpcServiceKey(value))
    throw new GrpcCallUsageError(
      `unknown service ${JSON.stringify(value)}; the services with a gRPC API are ${GRPC_SERVICE_KEYS.join(', ')}`,
    );
  return value;
}

export function parseGrpcCallArgs(argv: readonly string[]): GrpcCallArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        deadline: { type: 'string' },
        token: { type: 'string' },
        address: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new GrpcCallUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [service, method, request, ...extra] = positionals;
  if (values.help === true)
    return service === undefined ? { help: true } : { help: true, service: parseService(service) };
  if (service === undefined) throw new GrpcCallUsageError('missing <service>: auth or inventory');
  const key = parseService(service);
  if (method === undefined)
    throw new GrpcCallUsageError(`missing <Method> (pnpm grpc ${key} --help lists them)`);
  if (extra.length > 0)
    throw new GrpcCallUsageError(
      `unexpected argument ${JSON.stringify(extra[0])}: the request is one JSON argument; quote it for the shell`,
    );
  return {
    help: false,
    service: key,
    method,
    request: parseRequest(request),
    deadlineMs: values.deadline === undefined ? DEFAULT_DEADLINE_MS : parseDeadline(values.deadline),
    ...(values.token === undefined ? {} : { token: parseToken(values.token) }),
    ...(values.address === undefined ? {} : { address: parseAddress(values.address) }),
  };
}
