import { ConfigError, env, loadConfig } from '@commlab/config';
import { z } from 'zod';

import type { CommandIo } from '../start/command-io';
import {
  GRPC_CALL_USAGE,
  type GrpcCallArgs,
  type GrpcCallRequestArgs,
  GrpcCallUsageError,
  GrpcRequestJsonError,
  parseGrpcCallArgs,
} from './grpc-call-args';
import { formatFailure, formatSuccess } from './grpc-call-format';
import { cliServiceToken, needsServiceToken } from './cli-service-token';
import { callUnary, type LoadedService, loadService, messageTypeName } from './grpc-caller';
import {
  GRPC_SERVICE_KEYS,
  GRPC_SERVICES,
  type GrpcServiceEntry,
  type GrpcServiceKey,
} from './grpc-services';
import { normalizeRequest, orderFields, RequestShapeError } from './message-json';
import { describeFields } from './message-shapes';

/** Thrown when the call cannot be made as asked; exit 2 with the message. */
class CallSetupError extends Error {}

/** 127.0.0.1 and the service's own port variable (its default from PORTS), unless --address says where. */
function resolveAddress(args: GrpcCallRequestArgs, service: GrpcServiceEntry): string {
  if (args.address !== undefined) return args.address;
  const schema = z.object({ [service.portVariable]: env.port(service.defaultPort) });
  try {
    const port = loadConfig(schema)[service.portVariable] ?? service.defaultPort;
    return `127.0.0.1:${port}`;
  } catch (error) {
    if (error instanceof ConfigError) throw new CallSetupError(`${error.message} (or give --address)`);
    throw error;
  }
}

/** The methods of a service, each with its request and response fields, for --help. */
function describeMethods(key: GrpcServiceKey, loaded: LoadedService): string[] {
  const lines = [`${key}: ${loaded.fullName}`];
  for (const [name, method] of loaded.methods) {
    const request = messageTypeName(loaded, method.requestType);
    const response = messageTypeName(loaded, method.responseType);
    lines.push(`  ${name}`);
    lines.push(`    request   ${request === undefined ? '?' : describeFields(loaded.shapes, request)}`);
    lines.push(`    response  ${response === undefined ? '?' : describeFields(loaded.shapes, response)}`);
  }
  return lines;
}

function help(io: CommandIo, args: Extract<GrpcCallArgs, { help: true }>): number {
  io.out(GRPC_CALL_USAGE);
  const keys = args.service === undefined ? GRPC_SERVICE_KEYS : [args.service];
  io.out('');
  io.out('methods (from the .proto files of @commlab/contracts):');
  for (const key of keys) {
    const service = GRPC_SERVICES[key];
    for (const line of describeMethods(key, loadService(service.protoPath, service.fullName)))
      io.out(`  ${line}`);
  }
  return 0;
}

/** Picks the method and checks the request against its message type. */
function prepare(args: GrpcCallRequestArgs, loaded: LoadedService) {
  const method = loaded.methods.get(args.method);
  if (method === undefined) {
    const names = [...loaded.methods.keys()];
    const near = names.find((name) => name.toLowerCase() === args.method.toLowerCase());
    throw new CallSetupError(
      `${args.service} has no method ${JSON.stringify(args.method)}` +
        `${near === undefined ? '' : ` (method names are case-sensitive: did you mean ${near}?)`}; ` +
        `${loaded.fullName} has ${names.join(', ')}`,
    );
  }
  if (method.requestStream || method.responseStream)
    throw new CallSetupError(`${args.method} streams; pnpm grpc calls unary methods only`);
  const requestType = messageTypeName(loaded, method.requestType);
  try {
    const request =
      requestType === undefined ? args.request : normalizeRequest(loaded.shapes, requestType, args.request);
    return { method, request, responseType: messageTypeName(loaded, method.responseType) };
  } catch (error) {
    if (error instanceof RequestShapeError) throw new CallSetupError(error.message);
    throw error;
  }
}

/**
 * `pnpm grpc <service> <Method> [json]`: one unary call with @grpc/grpc-js and the contract's own .proto,
 * for users without grpcurl. Prints the status line and the response (stdout) or the gRPC status with
 * commlab's error code (stderr). Exit 0 OK, 1 the call failed, 2 a bad command line.
 */
export async function grpcCallCommand(io: CommandIo, argv: readonly string[]): Promise<number> {
  let args: GrpcCallArgs;
  try {
    args = parseGrpcCallArgs(argv);
  } catch (error) {
    if (error instanceof GrpcRequestJsonError) {
      io.err(`commlab grpc: ${error.message}`);
      return 2;
    }
    if (error instanceof GrpcCallUsageError) {
      io.err(`commlab grpc: ${error.message}\n${GRPC_CALL_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.help) return help(io, args);

  const service = GRPC_SERVICES[args.service];
  let address: string;
  let prepared: ReturnType<typeof prepare>;
  let loaded: LoadedService;
  try {
    loaded = loadService(service.protoPath, service.fullName);
    prepared = prepare(args, loaded);
    address = resolveAddress(args, service);
  } catch (error) {
    if (error instanceof CallSetupError) {
      io.err(`commlab grpc: ${error.message}`);
      return 2;
    }
    throw error;
  }

  let token = args.token;
  if (token === undefined && needsServiceToken(args.service, args.method)) {
    try {
      token = await cliServiceToken(args.deadlineMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      io.err(
        `commlab grpc: ${args.method} needs a service token (scope stock:reserve) and none could be had ` +
          `from auth-service: ${reason}\n` +
          'start the stack (pnpm start), set AUTH_HTTP_URL / COMMLAB_CLIENT_ID / COMMLAB_CLIENT_SECRET, or give --token',
      );
      return 2;
    }
  }

  const fullMethod = `${service.fullName}/${args.method}`;
  const outcome = await callUnary({
    address,
    method: prepared.method,
    request: prepared.request,
    deadlineMs: args.deadlineMs,
    ...(token === undefined ? {} : { token }),
  });
  if (outcome.ok) {
    const response =
      prepared.responseType === undefined
        ? outcome.response
        : orderFields(loaded.shapes, prepared.responseType, outcome.response);
    for (const line of formatSuccess(fullMethod, outcome.elapsedMs, response)) io.out(line);
    return 0;
  }
  for (const line of formatFailure({
    fullMethod,
    elapsedMs: outcome.elapsedMs,
    code: outcome.code,
    details: outcome.details,
    metadata: outcome.metadata,
    address,
    processName: service.processName,
    deadlineMs: args.deadlineMs,
  }))
    io.err(line);
  return 1;
}
