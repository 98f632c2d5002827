import { performance } from 'node:perf_hooks';

import { GRPC_LOADER_OPTIONS } from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';

import { findMessage, type MessageShapes, messageShapes } from './message-shapes';

/** One service's contract as loaded from its .proto with commlab's loader options. */
export interface LoadedService {
  fullName: string;
  /** rpc name (as the .proto spells it) → method definition. */
  methods: ReadonlyMap<string, MethodDefinition<object, object>>;
  shapes: MessageShapes;
}

/** Loads a .proto and picks one service out of it. */
export function loadService(protoPath: string, fullName: string): LoadedService {
  const definition = loadSync(protoPath, GRPC_LOADER_OPTIONS);
  const service = definition[fullName];
  if (service === undefined || 'format' in service)
    throw new Error(`${protoPath} defines no service ${fullName}`);
  const methods = new Map(Object.entries(service));
  return { fullName, methods, shapes: messageShapes(definition) };
}

/**
 * The fully qualified name of a method's request or response type. proto-loader keeps only the short
 * name (`ReserveStockRequest`) in the method's descriptor: look it up from the service's package.
 */
export function messageTypeName(service: LoadedService, type: { type: object }): string | undefined {
  const name = (type.type as { name?: unknown }).name;
  if (typeof name !== 'string') return undefined;
  return findMessage(service.shapes, name, service.fullName);
}

export interface UnaryCallOptions {
  address: string;
  method: MethodDefinition<object, object>;
  request: object;
  deadlineMs: number;
  /** Sent as `authorization: Bearer <token>`. */
  token?: string;
}

export type UnaryCallOutcome =
  | { ok: true; elapsedMs: number; response: object }
  | {
      ok: false;
      elapsedMs: number;
      code: grpc.status;
      /** The status message. */
      details: string;
      /** Trailing metadata (commlab puts its stable error code there). */
      metadata: grpc.Metadata;
    };

/**
 * One unary call on a channel of its own (closed afterwards), plaintext as the local stack serves it.
 * The time includes connecting: it is what one call from a cold client costs.
 */
export function callUnary(options: UnaryCallOptions): Promise<UnaryCallOutcome> {
  const client = new grpc.Client(options.address, grpc.credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1,
  });
  const metadata = new grpc.Metadata();
  if (options.token !== undefined) metadata.set('authorization', `Bearer ${options.token}`);
  const { method } = options;
  const started = performance.now();
  return new Promise<UnaryCallOutcome>((resolve) => {
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      options.request,
      metadata,
      { deadline: Date.now() + options.deadlineMs },
      (error, response) => {
        const elapsedMs = performance.now() - started;
        client.close();
        if (error === null) resolve({ ok: true, elapsedMs, response: response ?? {} });
        else
          resolve({
            ok: false,
            elapsedMs,
            code: error.code,
            details: error.details,
            metadata: error.metadata,
          });
      },
    );
  });
}
