import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import { CORRELATION_ID_HEADER } from '@commlab/contracts';
import { Metadata } from '@grpc/grpc-js';

/**
 * The correlation id of the request being handled, available anywhere below a controller without
 * passing it around: outgoing gRPC metadata, HTTP headers and message envelopes read it from here.
 */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a client's id when it is a sane token; otherwise (absent, too long, odd characters) makes one. */
export function acceptCorrelationId(candidate: unknown): string {
  const value = Array.isArray(candidate) ? (candidate[0] as unknown) : candidate;
  if (Buffer.isBuffer(value)) return acceptCorrelationId(value.toString('utf8'));
  return typeof value === 'string' && VALID_ID.test(value) ? value : randomUUID();
}

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** gRPC metadata carrying the current correlation id, for outgoing calls. */
export function correlationMetadata(metadata: Metadata = new Metadata()): Metadata {
  const id = currentCorrelationId();
  if (id !== undefined) metadata.set(CORRELATION_ID_HEADER, id);
  return metadata;
}

/** HTTP headers carrying the current correlation id, for outgoing calls. */
export function correlationHeaders(): Record<string, string> {
  const id = currentCorrelationId();
  return id === undefined ? {} : { [CORRELATION_ID_HEADER]: id };
}
